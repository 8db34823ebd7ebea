using System.Security.Cryptography;
using PiCluster.Bootstrap.Card;

namespace PiCluster.IntegrationTests.Card;

/// <summary>A whole card written from a tarball downloaded from a loopback mirror (sfdisk, mkfs.vfat, mtools).</summary>
public sealed class AlpineMirrorCardTests : IDisposable
{
    private readonly CardWorkspace _workspace = new();
    private readonly byte[] _tarball = CardWorkspace.FakeTarball(NodeOverlay.WorldPackages);
    private readonly LoopbackHttpServer _server;

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
}
