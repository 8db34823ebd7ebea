using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1001: with externalTrafficPolicy Local only a node running one of the Service's pods may announce its address, and
/// MetalLB never announces from a node labelled exclude-from-external-load-balancers (kubeadm's control plane). A pod
/// that may land there makes the address dark. Checks Services in the tree and Traefik's chart-made Service.
/// </summary>
internal static class LoadBalancerPlacementRule
{
    private const string AddressAnnotation = "metallb.io/loadBalancerIPs";

    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        foreach (var service in c.Tree.OfKind(ApiOf<V1Service>.Kind).Where(s => s.Group == ""))
        {
            var spec = service.Body["spec"];
            if (Json.Str(spec?["type"]) != "LoadBalancer" || Json.Str(spec?["externalTrafficPolicy"]) != "Local") continue;
            var address = Json.Str(service.Body["metadata"]?["annotations"]?[AddressAnnotation]) ?? Json.Str(spec?["loadBalancerIP"]) ?? "its address";
            foreach (var template in c.Selected(service.Namespace, Json.Map(spec?["selector"])))
            {
                if (Excluded(c, template.Spec) is { } names)
                    yield return RuleFinding.Error(TreeRuleIds.LoadBalancerPlacement, template.Owner, template.Path + ".affinity",
                        Message(names, $"Service {service.Namespace}/{service.Name}", address));
            }
        }

        // Without --charts the chart's Service and pods are not in the tree: judge the release's values instead.
        foreach (var release in c.Tree.OfKind(HelmRelease.KindName).Where(h => h.Group == RuleContext.HelmGroup && !c.Tree.ExpandedReleases.Contains(h)))
        {
            if (Json.Str(release.Body["spec"]?["chart"]?["spec"]?["chart"]) != "traefik" || release.Body["spec"]?["values"] is not JsonObject values) continue;
            // traefik chart 41 defaults (traefik/traefik-helm-chart traefik/values.yaml): service.enabled true,
            // service.spec.type LoadBalancer, no externalTrafficPolicy (= Cluster). The type lives under service.spec.
            var service = values["service"];
            if (Json.Bool(service?["enabled"]) == false || (Json.Str(service?["spec"]?["type"]) ?? "LoadBalancer") != "LoadBalancer") continue;
            if (Json.Str(service?["spec"]?["externalTrafficPolicy"]) != "Local") continue;
            var pod = new JsonObject
            {
                ["affinity"] = values["affinity"]?.DeepClone(),
                ["nodeSelector"] = values["nodeSelector"]?.DeepClone(),
                ["tolerations"] = values["tolerations"]?.DeepClone(),
            };
            var address = Json.Str(service?["annotations"]?[AddressAnnotation]) ?? "its address";
            if (Excluded(c, pod) is { } names)
                yield return RuleFinding.Error(TreeRuleIds.LoadBalancerPlacement, release, "spec.values.affinity", Message(names, "the chart's LoadBalancer Service", address));
        }
    }

    private static string? Excluded(RuleContext c, JsonObject podSpec)
    {
        var excluded = c.CandidateNodes(podSpec).Where(n => c.NodeLabels[n.Name].ContainsKey(NodeScheduling.ExcludeFromExternalLoadBalancersLabel)).Select(n => n.Name).ToList();
        return excluded.Count == 0 ? null : string.Join(", ", excluded);
    }

    private static string Message(string nodes, string service, string address) =>
        $"pods may run on {nodes}, which MetalLB excludes ({NodeScheduling.ExcludeFromExternalLoadBalancersLabel}, set by kubeadm on the control plane); " +
        $"{service} has externalTrafficPolicy Local, so {address} goes dark while the pod runs there. " +
        $"Fix: require the label DoesNotExist in node affinity (LoadBalancerService.Placement).";
}
