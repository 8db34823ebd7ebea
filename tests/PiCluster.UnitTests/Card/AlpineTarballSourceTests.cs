using System.Security.Cryptography;
using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Card;
using PiCluster.Cluster;

namespace PiCluster.UnitTests.Card;

/// <summary>Download, verification and caching against a local HTTP server standing in for dl-cdn.alpinelinux.org.</summary>
public sealed class AlpineTarballSourceTests : IDisposable
{
    private static readonly AlpineRelease Release = new("3.24.2");
    private readonly CardWorkspace _workspace = new();
    private readonly LoopbackHttpServer _server;
    private byte[] _tarball = CardWorkspace.FakeTarball(["alpine-base"]);
    private string _published;

    public AlpineTarballSourceTests()
    {
        _published = Sha(_tarball);
        _server = new LoopbackHttpServer(path => path switch
        {
            "/alpine/v3.24/releases/aarch64/alpine-rpi-3.24.2-aarch64.tar.gz" => _tarball,
            "/alpine/v3.24/releases/aarch64/alpine-rpi-3.24.2-aarch64.tar.gz.sha256" =>
                System.Text.Encoding.ASCII.GetBytes($"{_published}  alpine-rpi-3.24.2-aarch64.tar.gz\n"),
            _ => null,
        });
        Mirror = new Uri(_server.BaseUri, "alpine").ToString();
    }

    private string Mirror { get; }

    private IReadOnlyList<string> _requests => _server.Paths;

    public void Dispose()
    {
        _server.Dispose();
        _workspace.Dispose();
    }

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private AlpineTarballSource Source() =>
        new(_workspace.State, new HttpClient(), Mirror, new PlainCardProgress(_workspace.Log));

    [Fact]
    public void Release_urls_follow_the_mirror_layout()
    {
        Assert.Equal("https://dl-cdn.alpinelinux.org/alpine/v3.24/releases/aarch64/alpine-rpi-3.24.2-aarch64.tar.gz",
            Release.TarballUri(AlpineRelease.DefaultMirror).ToString());
        Assert.EndsWith(".tar.gz.sha256", Release.ChecksumUri(AlpineRelease.DefaultMirror).ToString());
        // Refused when made (before: the Branch getter threw wherever it was first read).
        Assert.Contains("BootstrapSettings.AlpineVersion", Assert.Throws<BootstrapException>(() => new AlpineRelease("3.24")).Message);
        var twoPart = HomeCluster.Definition with { Bootstrap = HomeCluster.Definition.Bootstrap with { AlpineVersion = "3.24" } };
        var run = BootstrapTool.Run(twoPart, TestPaths.Checkout, "nodes", "--dry-run");
        Assert.Equal(2, run.Code);
        Assert.Equal("error: Alpine version '3.24' is not of the form <major>.<minor>.<patch>, e.g. 3.24.2 (BootstrapSettings.AlpineVersion).\n", run.Error);
    }

    [Fact]
    public async Task Download_is_verified_cached_and_reused()
    {
        var path = await Source().GetAsync(Release, null, CancellationToken.None);
        Assert.Equal(Path.Combine(_workspace.State.AlpineCache, "alpine-rpi-3.24.2-aarch64.tar.gz"), path);
        Assert.StartsWith(Path.Combine(_workspace.Root, ".picluster"), path);
        Assert.Equal(_tarball, await File.ReadAllBytesAsync(path));
        Assert.Contains("download alpine-rpi-3.24.2-aarch64.tar.gz: done", _workspace.Log.ToString());
        var requestsAfterDownload = _requests.Count;

        var again = await Source().GetAsync(Release, _published, CancellationToken.None);
        Assert.Equal(path, again);
        Assert.Equal(requestsAfterDownload, _requests.Count);
    }

    [Fact]
    public async Task Checksum_mismatch_is_refused_and_nothing_is_cached()
    {
        _published = new string('0', 64);
        var e = await Assert.ThrowsAsync<BootstrapException>(() => Source().GetAsync(Release, null, CancellationToken.None));
        Assert.Contains("Checksum mismatch", e.Message);
        Assert.Empty(Directory.EnumerateFiles(_workspace.State.AlpineCache));
    }

    [Fact]
    public async Task Published_checksum_must_match_the_model_pin()
    {
        var e = await Assert.ThrowsAsync<BootstrapException>(() => Source().GetAsync(Release, new string('a', 64), CancellationToken.None));
        Assert.Contains("differs from the pinned", e.Message);
        Assert.DoesNotContain(_requests, r => r.EndsWith(".tar.gz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Damaged_cache_is_downloaded_again()
    {
        var path = await Source().GetAsync(Release, null, CancellationToken.None);
        await File.WriteAllTextAsync(path, "bit rot");
        Assert.Equal(_tarball, await File.ReadAllBytesAsync(await Source().GetAsync(Release, null, CancellationToken.None)));
    }

    [Fact]
    public async Task Missing_release_gives_a_clear_message()
    {
        var e = await Assert.ThrowsAsync<BootstrapException>(() => Source().GetAsync(new AlpineRelease("3.99.0"), null, CancellationToken.None));
        Assert.Contains("--alpine-tarball", e.Message);
    }
}
