using k8s.Models;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Drain;

/// <summary>
/// The node-lifecycle steps that act through the control plane's API: drain, uncordon and delete a Node. Shared by
/// `bootstrap upgrade` and the node replace/remove commands; each runs kubectl on <c>controlPlane</c> for the node it is
/// planned for.
/// </summary>
public static class NodeDrainSteps
{
    /// <summary>How long kubectl drain may wait for evictions (PodDisruptionBudgets may hold them) before it gives up.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromMinutes(5);

    /// <summary>On the control plane: one file per node a drain of bootstrap's cordoned, so only those are uncordoned again.</summary>
    public const string CordonMarkers = "/var/lib/picluster/cordoned-by-bootstrap";

    /// <param name="finished">A node this returns true for needs no drain (its work is already done, e.g. its kubelet runs the target version again).</param>
    public static NodeStep Drain(Node controlPlane, TimeSpan timeout, Func<V1Node, bool>? finished = null) =>
        new DrainStep(controlPlane, timeout, finished);

    /// <summary>Uncordons a node bootstrap cordoned (the drain's marker); one cordoned by someone else stays cordoned.</summary>
    public static NodeStep Uncordon(Node controlPlane) => Script("uncordon", controlPlane, Day2Scripts.NodeUncordon, ("MARKER_DIR", CordonMarkers));

    public static NodeStep DeleteNode(Node controlPlane) => Script("delete-node", controlPlane, Day2Scripts.NodeDelete);

    private static NodeStep Script(string name, Node controlPlane, string file, params (string Name, object Value)[] extra) =>
        new ControlPlaneScriptStep(name, controlPlane,
            node => NodeScripts.Check(file, [("NODE", node.Name), ("ADMIN_CONF", Kubeadm.KubeadmPhase.AdminConf), .. extra]),
            node => NodeScripts.Apply(file, [("NODE", node.Name), ("ADMIN_CONF", Kubeadm.KubeadmPhase.AdminConf), .. extra]));

    public static string DrainScript(Node node, TimeSpan timeout) =>
        NodeShell.Script(NodeScripts.Apply(Day2Scripts.NodeDrain,
            ("NODE", node.Name), ("ADMIN_CONF", Kubeadm.KubeadmPhase.AdminConf), ("TIMEOUT", $"{(int)timeout.TotalSeconds}s"), ("MARKER_DIR", CordonMarkers)));

    /// <summary>
    /// Done when the node is cordoned and runs nothing drain would evict (<see cref="DrainState"/>), or when
    /// <c>finished</c> says the node is past the work the drain protects. The action is kubectl drain
    /// (bootstrap/Scripts/node-drain.sh), bounded by <c>timeout</c>.
    /// </summary>
    private sealed class DrainStep(Node controlPlane, TimeSpan timeout, Func<V1Node, bool>? finished) : NodeStep("drain")
    {
        public override async Task<bool> IsDoneAsync(StepContext context)
        {
            var session = await context.SessionToAsync(controlPlane);
            var node = await NodeObjects.NodeAsync(session, context.Node.Name, context.CancellationToken)
                ?? throw new StepFailedException($"{context.Node.Name} is not a node of the cluster (kubectl get node finds none); join it first (bootstrap cluster).");
            if (finished?.Invoke(node) == true) return true;
            if (!DrainState.IsCordoned(node)) return false;
            return DrainState.Evictable(await NodeObjects.PodsOnAsync(session, context.Node.Name, context.CancellationToken)).Count == 0;
        }

        public override async Task ApplyAsync(StepContext context)
        {
            var session = await context.SessionToAsync(controlPlane);
            var result = await session.RunAsync(DrainScript(context.Node, timeout),
                new CommandOptions(Timeout: timeout + TimeSpan.FromMinutes(1), Description: $"kubectl drain {context.Node.Name}"), context.CancellationToken);
            if (!result.Succeeded) throw new StepFailedException(LastLine(result.Error) ?? $"kubectl drain {context.Node.Name} failed with exit {result.ExitCode}");
        }

        private static string? LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

        public override IEnumerable<ShellSnippet> Snippets => ScriptsFor(new Node("pi1", "192.168.50.135", NodeRole.Worker));

        public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
        [
            new($"drain.check (on {controlPlane.Name}): node", NodeObjects.GetNodeScript(node.Name)),
            new($"drain.check (on {controlPlane.Name}): pods", NodeObjects.GetPodsScript(node.Name)),
            new($"drain.action (on {controlPlane.Name})", DrainScript(node, timeout)),
        ];
    }
}
