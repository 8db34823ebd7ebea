using System.Security.Cryptography;
using System.Text;
using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Flux;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;

namespace PiCluster.UnitTests.Flux;

public class FluxManifestTests
{
    private const string FakeInstallYaml = FakeReleaseServer.FakeFluxInstallYaml;

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static FakeReleaseServer Server(string body = FakeInstallYaml) =>
        new(new Dictionary<string, byte[]> { ["/releases/v2.9.4/install.yaml"] = Encoding.UTF8.GetBytes(body) });

    [Fact]
    public void The_home_cluster_pins_flux_v2_9_4_and_says_the_checksum_is_not_pinned_yet()
    {
        Assert.Equal("v2.9.4", HomeCluster.Definition.Flux.Version);
        Assert.Null(HomeCluster.Definition.Flux.InstallManifestSha256);
        Assert.Equal("https://github.com/fluxcd/flux2/releases/download/v2.9.4/install.yaml", FluxInstallManifest.AssetUri(FluxInstallManifest.GitHubReleases, "v2.9.4").ToString());
    }

    [Fact]
    public async Task Downloads_verifies_against_the_pin_caches_and_reuses_the_cache()
    {
        using var temp = new TempDir();
        using var server = Server();
        var state = new StateFolder(temp.Path);
        var log = new StringWriter();
        var source = new FluxInstallManifest(state, new HttpClient(), server.BaseUri, log);
        var flux = new FluxSettings("v2.9.4", Sha(FakeInstallYaml).ToUpperInvariant());

        var first = await source.GetAsync(flux, null, null, CancellationToken.None);
        Assert.Equal(FakeInstallYaml, first.Text);
        Assert.Equal(Sha(FakeInstallYaml), first.Sha256);
        Assert.Equal(FakeInstallYaml, File.ReadAllText(Path.Combine(state.FluxCache("v2.9.4"), "install.yaml")));
        Assert.Equal(1, server.Requests);

        var second = await source.GetAsync(flux, null, null, CancellationToken.None);
        Assert.Equal(FakeInstallYaml, second.Text);
        Assert.Equal(1, server.Requests);
        Assert.Contains("Using cached", log.ToString());

        // A damaged cache is noticed and replaced.
        File.WriteAllText(Path.Combine(state.FluxCache("v2.9.4"), "install.yaml"), "tampered\n");
        Assert.Equal(FakeInstallYaml, (await source.GetAsync(flux, null, null, CancellationToken.None)).Text);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_download_that_does_not_match_the_pin_is_neither_cached_nor_used()
    {
        using var temp = new TempDir();
        using var server = Server(FakeInstallYaml + "# changed upstream\n");
        var state = new StateFolder(temp.Path);
        var source = new FluxInstallManifest(state, new HttpClient(), server.BaseUri, TextWriter.Null);
        var error = await Assert.ThrowsAsync<BootstrapException>(() => source.GetAsync(new FluxSettings("v2.9.4", Sha(FakeInstallYaml)), null, null, CancellationToken.None));
        Assert.Contains("Checksum mismatch", error.Message);
        Assert.False(Directory.Exists(state.FluxCache("v2.9.4")) && Directory.EnumerateFiles(state.FluxCache("v2.9.4")).Any());
    }

    [Fact]
    public async Task Without_a_pin_it_refuses_to_download_unless_given_a_checksum_or_a_file()
    {
        using var temp = new TempDir();
        using var server = Server();
        var source = new FluxInstallManifest(new StateFolder(temp.Path), new HttpClient(), server.BaseUri, TextWriter.Null);
        var unpinned = new FluxSettings("v2.9.4", null);

        var error = await Assert.ThrowsAsync<BootstrapException>(() => source.GetAsync(unpinned, null, null, CancellationToken.None));
        Assert.Contains("--flux-sha256", error.Message);
        Assert.Contains("--flux-manifest", error.Message);
        Assert.Equal(0, server.Requests);

        Assert.Equal(FakeInstallYaml, (await source.GetAsync(unpinned, null, Sha(FakeInstallYaml), CancellationToken.None)).Text);

        var file = temp.Sub("install.yaml");
        File.WriteAllText(file, FakeInstallYaml);
        var log = new StringWriter();
        var local = await new FluxInstallManifest(new StateFolder(temp.Path), new HttpClient(), server.BaseUri, log).GetAsync(unpinned, file, null, CancellationToken.None);
        Assert.Equal(Sha(FakeInstallYaml), local.Sha256);
        Assert.Contains("pin it in FluxSettings.InstallManifestSha256", log.ToString());

        var wrong = await Assert.ThrowsAsync<BootstrapException>(() => source.GetAsync(unpinned, file, new string('0', 64), CancellationToken.None));
        Assert.Contains("Checksum mismatch", wrong.Message);
        var conflict = await Assert.ThrowsAsync<BootstrapException>(() => source.GetAsync(new FluxSettings("v2.9.4", Sha(FakeInstallYaml)), null, new string('0', 64), CancellationToken.None));
        Assert.Contains("differs from FluxSettings.InstallManifestSha256", conflict.Message);
    }
}
