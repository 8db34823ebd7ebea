using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>The HelmRepository + HelmRelease pair every chart-installed component renders.</summary>
public static class HelmSource
{
    /// <summary>How often a chart index and a pinned chart are fetched again: versions are pinned, so daily is plenty.</summary>
    public static readonly TimeSpan ChartInterval = TimeSpan.FromHours(24);

    /// <summary>How often a release is reconciled (drift corrected).</summary>
    public static readonly TimeSpan ReleaseInterval = TimeSpan.FromHours(1);

    /// <summary>A release's timeout unless the component needs longer.</summary>
    public static readonly TimeSpan ReleaseTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How often a failed install or upgrade is tried again (RetryOnFailure; helm-controller's own default).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Retry a failed install or upgrade every <see cref="RetryInterval"/>, never uninstall or roll back: with one Pi down a
    /// chart's DaemonSet is not Ready until it is back, and RemediateOnFailure would give up after its retries and leave
    /// the release failed (fluxcd/helm-controller docs/spec/v2/helmreleases.md, "Install strategy", "Upgrade strategy").
    /// </summary>
    public const string FailureStrategy = "RetryOnFailure";

    public static HelmRepository Repository(string name, string ns, HelmChart chart) =>
        new(Meta.Of(name, ns), new HelmRepositorySpec(chart.Repository, GoDuration.Format(ChartInterval)));

    /// <summary>
    /// A release pinned to the chart's exact version, CRDs created and replaced on upgrade, a failed install or upgrade
    /// retried (<see cref="FailureStrategy"/>), drift corrected (except <paramref name="driftIgnore"/>), readiness polled
    /// with kstatus. waitStrategy is the helm-controller default today; set explicitly so a controller upgrade that flips
    /// the default (UseHelm3Defaults) does not change behaviour.
    /// </summary>
    public static HelmRelease Release(string name, string ns, HelmChart chart, object values, TimeSpan? timeout = null, IReadOnlyList<DriftIgnoreRule>? driftIgnore = null) =>
        new(Meta.Of(name, ns), new HelmReleaseSpec(
            Interval: GoDuration.Format(ReleaseInterval),
            Chart: new HelmReleaseChart(new HelmChartTemplateSpec(chart.Name, chart.Version, new FluxSourceReference(HelmRepository.KindName, name, ns), Interval: GoDuration.Format(ChartInterval))),
            Values: values,
            Timeout: GoDuration.Format(timeout ?? ReleaseTimeout),
            Install: new HelmReleaseInstall("CreateReplace", Strategy: new HelmActionStrategy(FailureStrategy, GoDuration.Format(RetryInterval))),
            Upgrade: new HelmReleaseUpgrade("CreateReplace", CleanupOnFail: true, Strategy: new HelmActionStrategy(FailureStrategy, GoDuration.Format(RetryInterval))),
            DriftDetection: new HelmReleaseDriftDetection("enabled", driftIgnore),
            WaitStrategy: new HelmWaitStrategy("poller")));
}
