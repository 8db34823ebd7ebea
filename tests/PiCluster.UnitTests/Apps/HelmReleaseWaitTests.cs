namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 12: helm-controller's waitStrategy set explicitly, and drift detection ignores the annotation
/// prometheus-operator's admission webhook adds to PrometheusRules (fluxcd/helm-controller HelmRelease CRD v1.6.3:
/// spec.waitStrategy.name poller|legacy, spec.driftDetection.ignore[].paths/target).
/// </summary>
public class HelmReleaseWaitTests
{
    [Fact]
    public void Every_release_waits_with_the_poller()
    {
        var releases = RenderedObjects.OfKind("HelmRelease").ToList();
        Assert.Equal(4, releases.Count);
        Assert.All(releases, r => Assert.Equal("poller", r.Str("spec", "waitStrategy", "name")));
    }

    [Fact]
    public void Drift_detection_ignores_the_prometheus_operator_validated_annotation()
    {
        var drift = RenderedObjects.Object("HelmRelease", "kube-prometheus-stack").Get("spec", "driftDetection");
        Assert.Equal("enabled", drift.Str("mode"));
        var rule = Assert.Single(drift.Maps("ignore"));
        Assert.Equal(["/metadata/annotations/prometheus-operator-validated"], rule.Strings("paths"));
        Assert.Equal("PrometheusRule", rule.Str("target", "kind"));
        Assert.Equal("monitoring.coreos.com", rule.Str("target", "group"));
    }
}
