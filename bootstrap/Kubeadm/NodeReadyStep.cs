using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>
/// One node's own wait for Ready (and, when given, for its kubelet to report <c>version</c>), asked on the control plane:
/// part of that node's work, so <c>bootstrap cluster --node pi6</c> joins pi6 and waits for it without touching any other
/// node. A check + wait (polling up to <see cref="PhaseInputs.ReadyTimeout"/>); nothing changes.
/// </summary>
/// <param name="notReady">What the operator reads when the node is not Ready in time (what to look at).</param>
public sealed class NodeReadyStep(Node controlPlane, PhaseInputs inputs, KubernetesVersion? version = null, string? notReady = null) : NodeStep("node-ready")
{
    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        var node = await NodeObjects.NodeAsync(await context.SessionToAsync(controlPlane), context.Node.Name, context.CancellationToken);
        return node is not null && DrainState.IsReady(node) && (version is null || DrainState.KubeletVersion(node) == version.ToString());
    }

    public override async Task ApplyAsync(StepContext context)
    {
        var started = inputs.Time.GetTimestamp();
        while (!await IsDoneAsync(context))
        {
            if (inputs.Time.GetElapsedTime(started) > inputs.ReadyTimeout)
            {
                throw new StepFailedException($"{context.Node.Name} is not Ready after {inputs.ReadyTimeout}: " +
                    (notReady ?? $"look at its kubelet (rc-service kubelet status, /var/log/kubelet/kubelet.log) and flannel's pod on it (kubectl describe node {context.Node.Name}), then rerun."));
            }
            await Task.Delay(inputs.PollInterval, inputs.Time, context.CancellationToken);
        }
    }

    public override IEnumerable<ShellSnippet> Snippets => [new("node-ready.check (on the control plane)", NodeObjects.GetNodeScript("<node>"))];

    public override IEnumerable<ShellSnippet> ScriptsFor(Node node) => [new($"node-ready.check (on {controlPlane.Name})", NodeObjects.GetNodeScript(node.Name))];
}
