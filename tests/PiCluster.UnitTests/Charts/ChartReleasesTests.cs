using PiCluster.Render.Charts;
using PiCluster.Render.Rules;

namespace PiCluster.UnitTests.Charts;

/// <summary>HelmRelease → what helm template gets, as helm-controller resolves it (api/v2/helmrelease_types.go).</summary>
public sealed class ChartReleasesTests
{
    private static RenderedTree Tree(string releaseSpec, string repositorySpec = "url: https://charts.example.org/stable") =>
        RenderedTree.FromTexts([("apps/app/app.yaml", $"""
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata: {"{"}name: repo, namespace: apps{"}"}
            spec:
              {repositorySpec}
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {"{"}name: app, namespace: apps{"}"}
            spec:
            {releaseSpec}
            """)]);

    private const string Chart = """
          chart:
            spec:
              chart: app
              version: 1.2.3
              sourceRef: {kind: HelmRepository, name: repo}
        """;

    [Fact]
    public void Name_namespace_values_and_crd_policy_follow_helm_controller()
    {
        var plain = Assert.Single(ChartReleases.From(Tree(Chart + "\n  values: {replicas: 2}")).Releases);
        Assert.Equal(("app", "apps", "app", "1.2.3", "https://charts.example.org/stable"), (plain.ReleaseName, plain.Namespace, plain.Chart, plain.Version, plain.RepositoryUrl));
        Assert.Equal("""{"replicas":2}""", plain.Values.ToJsonString());
        // Flux's default install.crds is Create: the chart's crds/ are installed unless Skip.
        Assert.True(plain.InstallsCrds);
        Assert.False(plain.RunsTests);

        var targeted = Assert.Single(ChartReleases.From(Tree(Chart + "\n  targetNamespace: web\n  install: {crds: Skip}\n  test: {enable: true}")).Releases);
        Assert.Equal(("web-app", "web"), (targeted.ReleaseName, targeted.Namespace));
        Assert.False(targeted.InstallsCrds);
        Assert.True(targeted.RunsTests);

        var named = Assert.Single(ChartReleases.From(Tree(Chart + "\n  releaseName: mine\n  targetNamespace: web\n  valuesFrom: [{kind: Secret, name: s}]")).Releases);
        Assert.Equal("mine", named.ReleaseName);
        Assert.Contains(named.Notes, n => n.Contains("valuesFrom", StringComparison.Ordinal));
    }

    [Theory]
    // helm-controller shortens a release name over 53 characters (Helm's limit): its first 40, '-', 12 hex of its SHA-256.
    [InlineData("releaseName: monitoring-kube-prometheus-stack-with-a-long-release-name", "monitoring-kube-prometheus-stack-with-a--4be020ff1795")]
    [InlineData("targetNamespace: monitoring-kube-prometheus-stack-with-a-long-release\n  install: {}", "monitoring-kube-prometheus-stack-with-a--6bf891cfe7ea")]
    [InlineData("releaseName: a-release-name-of-exactly-fifty-three-characters-1234", "a-release-name-of-exactly-fifty-three-characters-1234")]
    public void A_release_name_over_53_characters_is_shortened_as_helm_controller_does(string spec, string expected)
    {
        var release = Assert.Single(ChartReleases.From(Tree(Chart + "\n  " + spec)).Releases);
        Assert.Equal(expected, release.ReleaseName);
        Assert.True(release.ReleaseName.Length <= 53);
    }

    [Theory]
    [InlineData("url: oci://ghcr.io/example/charts", "OCI")]
    [InlineData("type: oci\n  url: ghcr.io/example/charts", "OCI")]
    public void An_oci_repository_is_refused_clearly(string repository, string reason)
    {
        var refused = Assert.Single(ChartReleases.From(Tree(Chart, repository)).Unexpandable);
        Assert.Contains(reason, refused.Reason);
        Assert.StartsWith("HelmRelease apps/app (apps/app/app.yaml): ", refused.ToString());
    }

    [Theory]
    [InlineData("version: 1.x", "is a range")]
    [InlineData("version: \">=1.0.0\"", "is a range")]
    [InlineData("sourceRef: {kind: GitRepository, name: repo}", "GitRepository is not supported")]
    [InlineData("sourceRef: {kind: HelmRepository, name: elsewhere}", "HelmRepository apps/elsewhere, which is not in the tree")]
    public void Releases_a_cache_cannot_serve_are_refused_with_the_reason(string change, string reason)
    {
        var key = change[..change.IndexOf(':', StringComparison.Ordinal)];
        var spec = string.Join('\n', Chart.Split('\n').Select(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal) ? l[..(l.Length - l.TrimStart().Length)] + change : l));
        Assert.Contains(reason, Assert.Single(ChartReleases.From(Tree(spec)).Unexpandable).Reason);
    }
}
