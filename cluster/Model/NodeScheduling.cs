namespace PiCluster.Cluster.Model;

/// <summary>
/// What the scheduler and MetalLB will see on each node, derived from the model's nodes and what kubelet and kubeadm do:
/// builders place pods by it and validate's rules judge placements by it.
/// </summary>
public static class NodeScheduling
{
    public const string HostnameLabel = "kubernetes.io/hostname";
    public const string OsLabel = "kubernetes.io/os";
    public const string ArchLabel = "kubernetes.io/arch";
    public const string ControlPlaneLabel = "node-role.kubernetes.io/control-plane";

    /// <summary>
    /// kubeadm puts this on every control-plane node (kubernetes/kubernetes cmd/kubeadm/app/phases/markcontrolplane/
    /// markcontrolplane.go, labelsToAdd; the name in cmd/kubeadm/app/constants/constants.go LabelExcludeFromExternalLB);
    /// MetalLB never announces a LoadBalancer address from a node carrying it.
    /// </summary>
    public const string ExcludeFromExternalLoadBalancersLabel = "node.kubernetes.io/exclude-from-external-load-balancers";

    /// <summary>The labels a node carries once joined: kubelet's well-known ones, plus kubeadm's control-plane pair (value "").</summary>
    public static IReadOnlyDictionary<string, string> Labels(Node node)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [HostnameLabel] = node.Name,
            [OsLabel] = "linux",
            // Every node is a 64-bit Raspberry Pi (Alpine aarch64 cards).
            [ArchLabel] = "arm64",
        };
        if (node.Role == NodeRole.ControlPlane)
        {
            labels[ControlPlaneLabel] = "";
            labels[ExcludeFromExternalLoadBalancersLabel] = "";
        }
        return labels;
    }

    /// <summary>
    /// The taints a node registers with — the one statement both sides read: bootstrap writes exactly these into kubeadm
    /// init's nodeRegistration.taints for the control plane (KubeadmConfigBuilder; an empty list, not kubeadm's default
    /// NoSchedule, since six Pis cannot spare one for the control plane alone), workers join with none (`kubeadm join`
    /// adds none), and rule PI1001 places pods by them.
    /// </summary>
    public static IReadOnlyList<(string Key, string? Value, string Effect)> Taints(Node node) => [];

    /// <summary>Nodes MetalLB never announces from: a pod behind a Local-policy LoadBalancer must not run there.</summary>
    public static IReadOnlyList<Node> ExcludedFromLoadBalancers(ClusterDefinition cluster) =>
        cluster.Nodes.Where(n => Labels(n).ContainsKey(ExcludeFromExternalLoadBalancersLabel)).ToList();
}
