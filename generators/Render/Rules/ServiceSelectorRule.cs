using k8s.Models;
using PiCluster.Render.Components;
namespace PiCluster.Render.Rules;

/// <summary>
/// PI1002: a Service whose selector matches no pod template in its namespace has no endpoints; a named targetPort that
/// no selected container declares leaves the port without endpoints. The pods kubeadm and prometheus-operator make count
/// as pod templates (<see cref="RuleContext.OutsidePods"/>). Namespaces an unexpanded chart installs into are skipped for
/// the first check (the chart's pods are not in the tree).
/// </summary>
internal static class ServiceSelectorRule
{
    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        foreach (var service in c.Tree.OfKind(ApiOf<V1Service>.Kind).Where(s => s.Group == ""))
        {
            var spec = service.Body["spec"];
            var selector = Json.Map(spec?["selector"]);
            if (selector.Count == 0 || Json.Str(spec?["type"]) == "ExternalName") continue;
            var selected = c.Selected(service.Namespace, selector).ToList();
            if (selected.Count == 0)
            {
                if (!c.HelmNamespaces.Contains(service.Namespace))
                    yield return RuleFinding.Error(TreeRuleIds.ServiceSelector, service, "spec.selector",
                        $"{string.Join(",", selector.Select(s => $"{s.Key}={s.Value}"))} matches no pod template in namespace {service.Namespace}; the Service has no endpoints. Fix: use the workload's pod labels.");
                continue;
            }
            foreach (var (port, i) in Json.Items(spec?["ports"]))
            {
                if (Json.Str(port["targetPort"]) is not { } name) continue;
                var declared = selected.SelectMany(t => t.Containers.Where(x => !x.Path.Contains(".initContainers[", StringComparison.Ordinal)))
                    .Any(x => Json.Items(x.Container["ports"]).Any(p => Json.Str(p.Item["name"]) == name));
                if (!declared)
                    yield return RuleFinding.Error(TreeRuleIds.ServiceSelector, service, $"spec.ports[{i}].targetPort",
                        $"names port \"{name}\", which no container of {string.Join(", ", selected.Select(t => t.Owner.Display).Distinct())} declares. Fix: name the container port \"{name}\" or use its number.");
            }
        }
    }
}
