namespace PiCluster.Render.Rules;

/// <summary>
/// PI1008: a namespaced object can only be applied once its Namespace exists: created in the object's own Flux layer or
/// in one it depends on (directly or not), or one Kubernetes or Flux bootstrap makes.
/// </summary>
internal static class NamespaceOrderRule
{
    /// <summary>Namespaces the API server creates, plus flux-system, which `bootstrap flux` installs Flux into.</summary>
    private static readonly HashSet<string> Existing = new(StringComparer.Ordinal) { "default", "kube-system", "kube-public", "kube-node-lease", "flux-system" };

    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        var createdIn = c.Tree.OfKind("Namespace").Where(n => n.Group == "")
            .Select(n => (Layer: c.LayerOf(n.File), n.Name)).ToList();
        var available = new Dictionary<FluxLayer, HashSet<string>>();
        foreach (var o in c.Tree.Objects)
        {
            if (o.Namespace.Length == 0 || Existing.Contains(o.Namespace) || c.LayerOf(o.File) is not { } layer) continue;
            if (!available.TryGetValue(layer, out var names))
            {
                var before = c.LayersAtOrBefore(layer);
                available[layer] = names = createdIn.Where(n => n.Layer is not null && before.Contains(n.Layer)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            }
            if (names.Contains(o.Namespace)) continue;
            var elsewhere = createdIn.Where(n => n.Name == o.Namespace).Select(n => n.Layer?.Name ?? "no layer").ToList();
            yield return RuleFinding.Error(TreeRuleIds.NamespaceOrder, o, "metadata.namespace", elsewhere.Count == 0
                ? $"namespace {o.Namespace} is created in no layer; applying layer {layer.Name} fails. Fix: render the Namespace in {layer.Name} or a layer before it."
                : $"namespace {o.Namespace} is created in {string.Join(", ", elsewhere)}, which layer {layer.Name} does not depend on; the first apply fails. Fix: create it in {layer.Name} or a layer before it.");
        }
    }
}
