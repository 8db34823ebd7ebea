using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>The HelmRepository + HelmRelease pair every chart-installed component renders.</summary>
public static class HelmSource
{
    public static HelmRepository Repository(string name, string ns, HelmChart chart) =>
        new(Meta.Of(name, ns), new HelmRepositorySpec(chart.Repository, "24h0m0s"));

    /// <summary>
    /// A release pinned to the chart's exact version, CRDs created and replaced on upgrade, drift corrected (except
    /// <paramref name="driftIgnore"/>), readiness polled with kstatus. waitStrategy is the helm-controller default today;
    /// set explicitly so a controller upgrade that flips the default (UseHelm3Defaults) does not change behaviour.
    /// </summary>
    public static HelmRelease Release(string name, string ns, HelmChart chart, object values, string timeout = "10m0s", IReadOnlyList<DriftIgnoreRule>? driftIgnore = null) =>
        new(Meta.Of(name, ns), new HelmReleaseSpec(
            Interval: "1h0m0s",
            Chart: new HelmReleaseChart(new HelmChartTemplateSpec(chart.Name, chart.Version, new FluxSourceReference("HelmRepository", name, ns), Interval: "24h0m0s")),
            Values: values,
            Timeout: timeout,
            Install: new HelmReleaseInstall("CreateReplace", new HelmRemediation(3)),
            Upgrade: new HelmReleaseUpgrade("CreateReplace", new HelmRemediation(3), CleanupOnFail: true),
            DriftDetection: new HelmReleaseDriftDetection("enabled", driftIgnore),
            WaitStrategy: new HelmWaitStrategy("poller")));
}
