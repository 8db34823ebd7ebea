using PiCluster.Render.Charts;

namespace PiCluster.UnitTests.Charts;

/// <summary>index.yaml as helm/helm pkg/repo/v1/index.go defines it: entries → name → versions with urls and digest.</summary>
public sealed class ChartIndexTests
{
    private const string Index = """
        apiVersion: v1
        entries:
          other:
          - name: other
            version: 9.9.9
            urls: [other-9.9.9.tgz]
            digest: 0000000000000000000000000000000000000000000000000000000000000000
            maintainers: [{name: someone, email: a@example.org}]
          traefik:
          - apiVersion: v2
            name: traefik
            version: 41.4.0
            urls:
            - https://github.example/traefik/releases/download/v41.4.0/traefik-41.4.0.tgz
            digest: sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
          - apiVersion: v2
            name: traefik
            version: 41.3.0
            created: "2026-08-21T09:21:15Z"
            urls:
            - traefik-41.3.0.tgz
            digest: 45362283794fc3f31ada70c3943c5e5f387dac2c3bb733339c168b8ac1d94174
            dependencies: [{name: x, version: 1.0.0}]
        generated: "2026-08-21T09:21:15Z"
        """;

    [Fact]
    public void The_wanted_version_gives_its_archive_urls_and_digest()
    {
        var found = Assert.IsType<ChartLookup.Found>(ChartIndex.Find(new StringReader(Index), "traefik", "41.3.0"));
        Assert.Equal(["traefik-41.3.0.tgz"], found.Entry.Urls);
        Assert.Equal("45362283794fc3f31ada70c3943c5e5f387dac2c3bb733339c168b8ac1d94174", found.Entry.Digest);
        // pkg/downloader strips an algorithm prefix; digests compare in lowercase.
        var prefixed = Assert.IsType<ChartLookup.Found>(ChartIndex.Find(new StringReader(Index), "traefik", "v41.4.0"));
        Assert.Equal(new string('a', 64), prefixed.Entry.Digest);
    }

    [Fact]
    public void A_missing_version_lists_what_the_index_has_and_a_missing_chart_lists_nothing()
    {
        Assert.Equal(["41.4.0", "41.3.0"], Assert.IsType<ChartLookup.Missing>(ChartIndex.Find(new StringReader(Index), "traefik", "40.0.0")).Versions);
        Assert.Empty(Assert.IsType<ChartLookup.Missing>(ChartIndex.Find(new StringReader(Index), "metallb", "0.16.1")).Versions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just text")]
    [InlineData("apiVersion: v1\ngenerated: x\n")]
    [InlineData("entries: [unclosed")]
    public void Something_that_is_not_an_index_is_refused(string text) =>
        Assert.Throws<ChartIndexException>(() => ChartIndex.Find(new StringReader(text), "traefik", "41.3.0"));

    [Theory]
    [InlineData("https://traefik.github.io/charts", "traefik-41.3.0.tgz", "https://traefik.github.io/charts/traefik-41.3.0.tgz")]
    [InlineData("https://traefik.github.io/charts/", "traefik-41.3.0.tgz", "https://traefik.github.io/charts/traefik-41.3.0.tgz")]
    [InlineData("https://example.org/charts?token=t", "sub/app-1.0.0.tgz", "https://example.org/charts/sub/app-1.0.0.tgz?token=t")]
    [InlineData("https://example.org/charts", "https://cdn.example.org/app-1.0.0.tgz", "https://cdn.example.org/app-1.0.0.tgz")]
    public void Archive_urls_resolve_against_the_repository_as_helm_resolves_them(string repository, string archive, string expected) =>
        Assert.Equal(expected, ChartIndex.ResolveArchiveUrl(repository, archive).ToString());

    [Fact]
    public void The_index_is_next_to_the_repository_url() =>
        Assert.Equal("https://kubernetes-sigs.github.io/headlamp/index.yaml", ChartPull.IndexUrl("https://kubernetes-sigs.github.io/headlamp/").ToString());
}
