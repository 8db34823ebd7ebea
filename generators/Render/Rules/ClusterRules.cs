using PiCluster.Cluster.Model;

namespace PiCluster.Render.Rules;

/// <summary>Stable IDs of the rules over the definition + rendered tree (docs/rules.md explains each, beside PI0xxx).</summary>
public static class TreeRuleIds
{
    public const string LoadBalancerPlacement = "PI1001";
    public const string ServiceSelector = "PI1002";
    public const string SecretReference = "PI1003";
    public const string NodePath = "PI1004";
    public const string VolumeBinding = "PI1005";
    public const string DnsRewrite = "PI1006";
    public const string FluxLayer = "PI1007";
    public const string NamespaceOrder = "PI1008";
    public const string ImageTag = "PI1009";
    public const string AlertReceiver = "PI1010";
    public const string EtcdVersion = "PI1011";
}

/// <summary>One rule: an ID, a one-line title and a plain function over the parsed tree.</summary>
public sealed record TreeRule(string Id, string Title, Func<RuleContext, IEnumerable<RuleFinding>> Check);

/// <summary>
/// The invariants that hold between objects, which no schema checker sees. validate runs them on any tree (reading the
/// definition from the repository); render runs them on what it is about to write and writes nothing on an error.
/// </summary>
public static class ClusterRules
{
    public static readonly IReadOnlyList<TreeRule> All =
    [
        new(TreeRuleIds.LoadBalancerPlacement, "Pod behind a Local-policy LoadBalancer may run on a node MetalLB never announces from", LoadBalancerPlacementRule.Check),
        new(TreeRuleIds.ServiceSelector, "Service selects no pod, or names a port no selected container declares", ServiceSelectorRule.Check),
        new(TreeRuleIds.SecretReference, "Referenced Secret (or key) that nobody creates", SecretReferenceRule.Check),
        new(TreeRuleIds.NodePath, "hostPath or local volume path that no bootstrap step creates on its node", NodePathRule.Check),
        new(TreeRuleIds.VolumeBinding, "PVC and PV do not bind (claimRef, capacity, access modes or class disagree), or a Flux-applied PV carries a claimRef", VolumeBindingRule.Check),
        new(TreeRuleIds.DnsRewrite, "Routed host name without an AdGuard DNS rewrite to Traefik", DnsRewriteRule.Check),
        new(TreeRuleIds.FluxLayer, "Flux layer times out before its releases, or gates later layers on a DaemonSet", FluxLayerRule.Check),
        new(TreeRuleIds.NamespaceOrder, "Namespace not created in the object's layer or one before it", NamespaceOrderRule.Check),
        new(TreeRuleIds.ImageTag, "Image without a tag, or :latest", ImageTagRule.Check),
        new(TreeRuleIds.AlertReceiver, "Alert rules (or a Flux Alert) that reach no receiver", AlertReceiverRule.Check),
        new(TreeRuleIds.EtcdVersion, "Kubernetes minor without a KubeadmEtcd entry: the etcd image is the nearest minor's", EtcdVersionRule.Check),
    ];

    /// <summary>Every finding, ordered by file, object, rule and field so the output is stable.</summary>
    /// <param name="rules">The rule set; <see cref="All"/> unless given.</param>
    public static IReadOnlyList<RuleFinding> Check(ClusterDefinition cluster, RenderedTree tree, IReadOnlyList<TreeRule>? rules = null)
    {
        var context = new RuleContext(cluster, tree);
        return (rules ?? All).SelectMany(rule => rule.Check(context))
            .Distinct()
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Object, StringComparer.Ordinal)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Field, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>Thrown by render when the tree it built breaks a rule; nothing is written.</summary>
public sealed class BrokenClusterRulesException(IReadOnlyList<RuleFinding> errors)
    : Exception("The rendered tree breaks cluster rules:\n" + string.Join("\n", errors.Select(e => "  " + e)))
{
    public IReadOnlyList<RuleFinding> Errors { get; } = errors;
}
