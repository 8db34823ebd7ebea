using k8s;
using k8s.Models;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Drain;

/// <summary>
/// Reads a Node and the pods bound to it through kubectl on the control plane (admin.conf), as JSON parsed into the
/// KubernetesClient models, so the decisions about them are plain C# (<see cref="DrainState"/>).
/// </summary>
public static class NodeObjects
{
    public static string GetNodeScript(string node) =>
        NodeShell.Script(RemoteKubectl.CommandLine(Kubeadm.KubeadmPhase.AdminConf, "get", "node", node, "--ignore-not-found", "-o", "json"));

    public static string GetPodsScript(string node) =>
        NodeShell.Script(RemoteKubectl.CommandLine(Kubeadm.KubeadmPhase.AdminConf, "get", "pods", "--all-namespaces", "--field-selector", $"spec.nodeName={node}", "-o", "json"));

    public static string GetNodesScript =>
        NodeShell.Script(RemoteKubectl.CommandLine(Kubeadm.KubeadmPhase.AdminConf, "get", "nodes", "-o", "json"));

    /// <summary>The Node, or null when the API has none of that name; a failing kubectl is an error, never "absent".</summary>
    public static async Task<V1Node?> NodeAsync(NodeSession controlPlane, string node, CancellationToken cancellationToken)
    {
        var result = await controlPlane.RunAsync(GetNodeScript(node), new CommandOptions(Description: $"kubectl get node {node} -o json"), cancellationToken);
        if (!result.Succeeded) throw new StepFailedException($"cannot read node {node} from the API on {controlPlane.Node}: {Message(result)}");
        return result.Output.Trim().Length == 0 ? null : KubernetesJson.Deserialize<V1Node>(result.Output);
    }

    public static async Task<IReadOnlyList<V1Pod>> PodsOnAsync(NodeSession controlPlane, string node, CancellationToken cancellationToken)
    {
        var result = await controlPlane.RunAsync(GetPodsScript(node), new CommandOptions(Description: $"kubectl get pods on {node} -o json"), cancellationToken);
        if (!result.Succeeded) throw new StepFailedException($"cannot list the pods on {node} from {controlPlane.Node}: {Message(result)}");
        return KubernetesJson.Deserialize<V1PodList>(result.Output).Items?.ToList() ?? [];
    }

    public static async Task<IReadOnlyList<V1Node>> NodesAsync(NodeSession controlPlane, CancellationToken cancellationToken)
    {
        var result = await controlPlane.RunAsync(GetNodesScript, new CommandOptions(Description: "kubectl get nodes -o json"), cancellationToken);
        if (!result.Succeeded) throw new StepFailedException($"cannot list the nodes from {controlPlane.Node}: {Message(result)}");
        return KubernetesJson.Deserialize<V1NodeList>(result.Output).Items?.ToList() ?? [];
    }

    private static string Message(CommandResult result) => (result.Error.Trim().Length > 0 ? result.Error : result.Output).Trim();
}
