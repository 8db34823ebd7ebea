using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Steps;

/// <summary>Everything phases build their steps from: the cluster definition, local state and timings.</summary>
/// <param name="KubeconfigPath">The operator's kubeconfig the admin context is merged into (normally ~/.kube/config).</param>
public sealed record PhaseInputs(ClusterDefinition Cluster, StateFolder State, string KubeconfigPath)
{
    /// <summary>How long to wait for every node to report Ready after flannel is applied.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Pause between polls while waiting (Ready nodes).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node may take to come back after `reboot`.</summary>
    public TimeSpan RebootTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public Node ControlPlane =>
        Cluster.Nodes.FirstOrDefault(n => n.Role == NodeRole.ControlPlane)
        ?? throw new BootstrapException("The cluster definition has no control-plane node.");

    public IReadOnlyList<Node> Workers => [.. Cluster.Nodes.Where(n => n.Role == NodeRole.Worker)];
}
