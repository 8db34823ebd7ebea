using k8s.Models;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1007: a Flux Kustomization that waits for a HelmRelease must allow it the release's own timeout, or the first
/// install reports failure; and a layer other layers depend on must not wait for a DaemonSet (one Pi down keeps it
/// un-Ready forever, and dependsOn stops every later layer) — an error — nor, a warning, for a HelmRelease whose chart
/// ships one (<see cref="ChartDaemonSets"/>).
/// </summary>
internal static class FluxLayerRule
{
    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        foreach (var layer in c.Layers)
        {
            var spec = layer.Kustomization.Body["spec"];
            var waits = Json.Bool(spec?["wait"]) == true;
            var checks = Json.Items(spec?["healthChecks"])
                .Select(h => (Kind: Json.Str(h.Item["kind"]) ?? "", Name: Json.Str(h.Item["name"]) ?? "", Namespace: Json.Str(h.Item["namespace"]) ?? layer.Namespace))
                .ToList();
            bool Gated(RenderedObject o) => waits || checks.Contains((o.Kind, o.Name, o.Namespace));
            var objects = c.ObjectsOf(layer).ToList();

            // kustomize-controller: no timeout means the interval.
            var timeoutText = Json.Str(spec?["timeout"]) ?? Json.Str(spec?["interval"]);
            if (GoDuration.TryParse(timeoutText) is { } timeout)
            {
                foreach (var release in objects.Where(o => o.Group == RuleContext.HelmGroup && o.Kind == HelmRelease.KindName && Gated(o)))
                {
                    var releaseText = Json.Str(release.Body["spec"]?["timeout"]);
                    var releaseTimeout = GoDuration.TryParse(releaseText) ?? FluxSync.DefaultReleaseTimeout;
                    if (releaseTimeout > timeout)
                        yield return RuleFinding.Error(TreeRuleIds.FluxLayer, layer.Kustomization, "spec.timeout",
                            $"{timeoutText} is shorter than the timeout of {release.Display} ({releaseText ?? GoDuration.Format(releaseTimeout) + " default"}) in {release.File}; the layer reports failure before the release can finish. Fix: give the layer at least {GoDuration.Format(releaseTimeout)} (FluxSync derives it from its releases).");
                }
            }

            var dependents = c.Layers.Where(l => l.DependsOn.Contains((layer.Name, layer.Namespace))).Select(l => l.Name).ToList();
            if (dependents.Count == 0) continue;
            foreach (var daemonSet in objects.Where(o => o.Group == ApiOf<V1DaemonSet>.Group && o.Kind == ApiOf<V1DaemonSet>.Kind && o.Chart is null && Gated(o)))
                yield return RuleFinding.Error(TreeRuleIds.FluxLayer, layer.Kustomization, waits ? "spec.wait" : "spec.healthChecks",
                    $"gates on {daemonSet.Display} ({daemonSet.File}) while {string.Join(", ", dependents)} depend on this layer: with one node down the DaemonSet is never Ready and reconciliation stops. Fix: wait: false with healthChecks naming what the next layer needs.");
            // A release whose chart ships a DaemonSet is a DaemonSet gate too: helm-controller's poller waits for all of it.
            foreach (var release in objects.Where(o => o.Group == RuleContext.HelmGroup && o.Kind == HelmRelease.KindName && Gated(o)))
            {
                var chart = Json.Str(release.Body["spec"]?["chart"]?["spec"]?["chart"]) ?? "";
                // --charts: the DaemonSets the chart really makes; otherwise the known charts' (ChartDaemonSets).
                var daemonSet = c.Tree.ExpandedReleases.Contains(release)
                    ? c.Tree.OfKind(ApiOf<V1DaemonSet>.Kind).Where(o => o.Chart?.Release == release).Select(o => $"{o.Display}, {o.File}").FirstOrDefault()
                    : ChartDaemonSets.Of(chart, release.Body["spec"]?["values"]);
                if (daemonSet is null) continue;
                yield return RuleFinding.Warning(TreeRuleIds.FluxLayer, layer.Kustomization, waits ? "spec.wait" : "spec.healthChecks",
                    $"gates on {release.Display} ({release.File}), whose chart {chart} ships a DaemonSet ({daemonSet}): during an install or upgrade with one Pi down " +
                    $"helm-controller's poller keeps the release not Ready, and {string.Join(", ", dependents)} depending on this layer stop. " +
                    "Fix: health-check what the next layer needs from the release (for MetalLB its controller Deployment, as FluxSync does) instead of the release.");
            }
        }
    }
}
