using PiCluster.Render.Rules;
using PiCluster.UnitTests.Rules;

namespace PiCluster.UnitTests.Flux;

/// <summary>
/// Issue 20 item 6: one Pi down must not stall every layer during a chart install or upgrade. Releases retry instead of
/// giving up (RetryOnFailure, 5m), the controllers layer health-checks what the next layer needs (MetalLB's controller
/// Deployment, the Traefik release) instead of a release whose chart ships a DaemonSet, and PI1007 warns about such a gate.
/// </summary>
public sealed class ReleaseGatingTests
{
    [Fact]
    public void Every_release_retries_a_failed_install_and_upgrade_every_five_minutes_without_remediation()
    {
        var releases = RenderedObjects.OfKind("HelmRelease").ToList();
        Assert.Equal(4, releases.Count);
        foreach (var release in releases)
        {
            foreach (var action in new[] { "install", "upgrade" })
            {
                Assert.Equal("RetryOnFailure", release.Str("spec", action, "strategy", "name"));
                Assert.Equal("5m0s", release.Str("spec", action, "strategy", "retryInterval"));
                // Remediation only applies to RemediateOnFailure (helm-controller docs/spec/v2/helmreleases.md).
                Assert.Null(release.Get("spec", action, "remediation"));
            }
        }
    }

    [Fact]
    public void The_controllers_layer_gates_on_metallbs_controller_deployment_not_on_its_release()
    {
        var layer = RenderedObjects.Object("Kustomization", "infrastructure-controllers");
        Assert.Equal("false", layer.Str("spec", "wait"));
        var checks = layer.Maps("spec", "healthChecks").Select(h => $"{h.Str("apiVersion")} {h.Str("kind")} {h.Str("namespace")}/{h.Str("name")}").ToList();
        Assert.Equal(["apps/v1 Deployment metallb-system/metallb-controller", "helm.toolkit.fluxcd.io/v2 HelmRelease traefik/traefik"], checks);
        // The rendered overview says what is gated, and no longer claims releases are harmless gates.
        Assert.Contains("Deployment `metallb-system/metallb-controller`, HelmRelease `traefik/traefik`", RenderedObjects.Overview);
        Assert.DoesNotContain("health-checks only its HelmReleases", RenderedObjects.Overview);
        Assert.Contains("`RetryOnFailure`", RenderedObjects.Overview);
    }

    [Fact]
    public void PI1007_warns_when_a_layer_others_depend_on_gates_on_a_release_whose_chart_ships_a_daemon_set()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "flux-system/infrastructure.yaml", text => text.Replace(
            "  - apiVersion: apps/v1\n    kind: Deployment\n    name: metallb-controller\n",
            "  - apiVersion: helm.toolkit.fluxcd.io/v2\n    kind: HelmRelease\n    name: metallb\n", StringComparison.Ordinal));
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(0, exit);
        var warning = Assert.Single(RenderedCopy.Findings(output, TreeRuleIds.FluxLayer));
        Assert.StartsWith("PI1007 (warning) flux-system/infrastructure.yaml Kustomization flux-system/infrastructure-controllers: spec.healthChecks: gates on HelmRelease metallb-system/metallb", warning);
        Assert.Contains("ships a DaemonSet", warning);
        Assert.Contains("infrastructure-configs depending on this layer stop", warning);
    }

    [Fact]
    public void A_traefik_release_run_as_a_daemon_set_counts_as_shipping_one()
    {
        Assert.NotNull(PiCluster.Render.Components.ChartDaemonSets.Of("traefik", System.Text.Json.Nodes.JsonNode.Parse("""{"deployment":{"kind":"DaemonSet"}}""")));
        Assert.Null(PiCluster.Render.Components.ChartDaemonSets.Of("traefik", System.Text.Json.Nodes.JsonNode.Parse("""{"deployment":{"replicas":1}}""")));
        Assert.Null(PiCluster.Render.Components.ChartDaemonSets.Of("headlamp", null));
    }
}
