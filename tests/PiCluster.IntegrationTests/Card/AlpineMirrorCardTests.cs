using System.Security.Cryptography;
using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Card;

namespace PiCluster.IntegrationTests.Card;

/// <summary>Cards from Alpine tarballs (sfdisk, mkfs.vfat, mtools): downloaded from a loopback mirror, or a local one refused before anything is written.</summary>
public sealed class AlpineMirrorCardTests : IDisposable
{
    private readonly CardWorkspace _workspace = new();
    private readonly byte[] _tarball = CardWorkspace.FakeTarball(NodeOverlay.WorldPackages);
    private readonly LoopbackHttpServer _server;

    private string Mirror => new Uri(_server.BaseUri, "alpine").ToString();

    public AlpineMirrorCardTests()
    {
        var published = Convert.ToHexStringLower(SHA256.HashData(_tarball));
        _server = new LoopbackHttpServer(path => path switch
        {
            "/alpine/v3.24/releases/aarch64/alpine-rpi-3.24.2-aarch64.tar.gz" => _tarball,
            "/alpine/v3.24/releases/aarch64/alpine-rpi-3.24.2-aarch64.tar.gz.sha256" =>
                System.Text.Encoding.ASCII.GetBytes($"{published}  alpine-rpi-3.24.2-aarch64.tar.gz\n"),
            _ => null,
        });
    }

    public void Dispose()
    {
        _server.Dispose();
        _workspace.Dispose();
    }

    [Fact]
    public async Task Whole_card_from_the_mirror_uses_the_downloaded_tarball()
    {
        CardWorkspace.RequireImageTools();
        var image = _workspace.PathOf("pi4.img");
        var request = new CardRequest(["pi4"], new CardTarget.Image(image, 128 * ByteSize.MiB), 64 * ByteSize.MiB, SshPublicKey: _workspace.PublicKey);
        await _workspace.Service(new Uri(_server.BaseUri, "alpine").ToString()).RunAsync(request, null, CancellationToken.None);
        Assert.Equal("3.24.2\n", await CardWorkspace.TypeAsync(image, ".alpine-release"));
        Assert.True(File.Exists(Path.Combine(_workspace.State.AlpineCache, "alpine-rpi-3.24.2-aarch64.tar.gz.sha256")));
    }

    [Fact]
    public async Task Local_tarball_with_wrong_checksum_is_refused_before_writing()
    {
        var image = _workspace.PathOf("pi1.img");
        var request = new CardRequest(["pi1"], new CardTarget.Image(image, 128 * ByteSize.MiB), 64 * ByteSize.MiB,
            AlpineTarball: _workspace.Tarball, AlpineSha256: new string('b', 64), SshPublicKey: _workspace.PublicKey);
        // The service checks its disk tools before it reads the tarball, so these need them too.
        CardWorkspace.RequireImageTools();
        var e = await Assert.ThrowsAsync<BootstrapException>(() => _workspace.Service(Mirror).RunAsync(request, null, CancellationToken.None));
        Assert.Contains("Checksum mismatch", e.Message);
        Assert.False(File.Exists(image));
    }

    [Fact]
    public async Task Tarball_lacking_a_world_package_is_refused()
    {
        var tarball = _workspace.PathOf("thin.tar.gz");
        await File.WriteAllBytesAsync(tarball, CardWorkspace.FakeTarball(["alpine-base", "chrony", "e2fsprogs"]));
        var request = new CardRequest(["pi1"], new CardTarget.Image(_workspace.PathOf("pi1.img"), 128 * ByteSize.MiB), 64 * ByteSize.MiB,
            AlpineTarball: tarball, SshPublicKey: _workspace.PublicKey);
        // The service checks its disk tools before it reads the tarball, so these need them too.
        CardWorkspace.RequireImageTools();
        var e = await Assert.ThrowsAsync<BootstrapException>(() => _workspace.Service(Mirror).RunAsync(request, null, CancellationToken.None));
        Assert.Contains("openssh", e.Message);
    }
}
