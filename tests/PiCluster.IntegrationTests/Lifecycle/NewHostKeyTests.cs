using PiCluster.Bootstrap.Card;

namespace PiCluster.IntegrationTests.Lifecycle;

/// <summary>A replaced Pi keeps its pinned host key by default; `card --new-host-key` gives it a new one and the committed known_hosts says so.</summary>
public sealed class NewHostKeyTests : IDisposable
{
    private readonly CardWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private int _cards;

    private Task WriteAsync(bool newHostKey) =>
        _workspace.Service().RunAsync(
            new CardRequest(["pi3"], new CardTarget.Image(_workspace.PathOf($"pi3-{++_cards}.img"), ByteSize.Parse("128M")),
                BootSize: ByteSize.Parse("64M"), AlpineTarball: _workspace.Tarball, SshPublicKey: _workspace.PublicKey, NewHostKey: newHostKey),
            null, CancellationToken.None);

    private string KnownHostsLine() => Assert.Single(File.ReadAllLines(_workspace.State.KnownHostsFile), l => l.StartsWith("pi3,", StringComparison.Ordinal));

    [Fact]
    public async Task A_second_card_reuses_the_pinned_key_and_new_host_key_replaces_it_in_known_hosts()
    {
        CardWorkspace.RequireImageTools();
        await WriteAsync(newHostKey: false);
        var first = KnownHostsLine();
        var pinned = NodeHostKeys.PinnedPublicKey(_workspace.State, "pi3");
        Assert.EndsWith(pinned!, first);

        await WriteAsync(newHostKey: false);
        Assert.Equal(first, KnownHostsLine());

        await WriteAsync(newHostKey: true);
        var replaced = KnownHostsLine();
        Assert.NotEqual(first, replaced);
        Assert.EndsWith(NodeHostKeys.PinnedPublicKey(_workspace.State, "pi3")!, replaced);
        // The old key is kept aside, never deleted.
        var retired = File.ReadAllText(Path.Combine(_workspace.State.NodeFolder("pi3"), "ssh_host_ed25519_key.pub.retired-1"));
        Assert.StartsWith(pinned!, retired);
        Assert.Contains("pi3: the pinned host key was set aside", _workspace.Log.ToString());
        Assert.False(File.Exists(Path.Combine(_workspace.State.NodeFolder("pi3"), "ssh_host_ed25519_key.new")), "no pending key is left");
    }

    [Fact]
    public async Task A_new_host_key_card_that_fails_to_write_leaves_the_pinned_key_and_known_hosts_as_they_were()
    {
        CardWorkspace.RequireImageTools();
        await WriteAsync(newHostKey: false);
        var line = KnownHostsLine();
        var pinned = NodeHostKeys.PinnedPublicKey(_workspace.State, "pi3");

        // The target is a folder: the card write fails after the new key was made.
        var blocked = Directory.CreateDirectory(_workspace.PathOf("blocked.img")).FullName;
        await Assert.ThrowsAnyAsync<Exception>(() => _workspace.Service().RunAsync(
            new CardRequest(["pi3"], new CardTarget.Image(blocked, ByteSize.Parse("128M")),
                BootSize: ByteSize.Parse("64M"), AlpineTarball: _workspace.Tarball, SshPublicKey: _workspace.PublicKey, NewHostKey: true),
            null, CancellationToken.None));

        // bootstrap still trusts the card in the Pi: same pinned key, same known_hosts line, nothing retired.
        Assert.Equal(pinned, NodeHostKeys.PinnedPublicKey(_workspace.State, "pi3"));
        Assert.Equal(line, KnownHostsLine());
        Assert.False(File.Exists(Path.Combine(_workspace.State.NodeFolder("pi3"), "ssh_host_ed25519_key.retired-1")));

        // A retry that writes the card pins the new key then.
        await WriteAsync(newHostKey: true);
        Assert.NotEqual(line, KnownHostsLine());
        Assert.NotEqual(pinned, NodeHostKeys.PinnedPublicKey(_workspace.State, "pi3"));
        Assert.True(File.Exists(Path.Combine(_workspace.State.NodeFolder("pi3"), "ssh_host_ed25519_key.retired-1")));
    }
}
