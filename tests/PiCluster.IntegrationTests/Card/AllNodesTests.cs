using PiCluster.Bootstrap.Card;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Card;

public sealed class AllNodesTests : IDisposable
{
    private readonly CardWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private async Task<IReadOnlyList<string>> WriteAllAsync(string folder)
    {
        var settings = new CardSettings
        {
            All = true,
            ImageDir = _workspace.PathOf(folder),
            Size = "128M",
            BootSize = "64M",
            AlpineTarball = _workspace.Tarball,
            SshPublicKey = _workspace.PublicKey,
        };
        Assert.True(settings.Validate().Successful);
        var request = settings.ToRequest(HomeCluster.Definition.Nodes.Select(n => n.Name));
        CardWorkspace.RequireImageTools();
        return await _workspace.Service().RunAsync(request, null, CancellationToken.None);
    }

    [Fact]
    public async Task All_writes_six_images_and_known_hosts_is_stable_on_rerun()
    {
        var written = await WriteAllAsync("images");
        Assert.Equal(["pi0", "pi1", "pi2", "pi3", "pi4", "pi5"], written.Select(Path.GetFileNameWithoutExtension));
        foreach (var image in written)
        {
            Assert.Equal(128 * ByteSize.MiB, new FileInfo(image).Length);
            var node = Path.GetFileNameWithoutExtension(image);
            var overlay = await _workspace.CopyOutAsync(image, $"{node}.apkovl.tar.gz");
            Assert.Equal($"{node}\n", CardImageTests.ReadOverlay(overlay)["etc/hostname"].Text);
        }

        var knownHosts = File.ReadAllText(_workspace.State.KnownHostsFile);
        var lines = knownHosts.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.Equal(6, lines.Select(l => l.Split(' ')[2]).Distinct().Count());
        Assert.Contains($"pi1,{HomeClusterAddresses.NodesPi1Address} ssh-ed25519 ", knownHosts);
        var overlayBefore = await _workspace.CopyOutAsync(written[1], "pi1.apkovl.tar.gz");

        var rerun = await WriteAllAsync("images-again");
        Assert.Equal(knownHosts, File.ReadAllText(_workspace.State.KnownHostsFile));
        Assert.Equal(overlayBefore, await _workspace.CopyOutAsync(rerun[1], "pi1.apkovl.tar.gz"));
    }
}
