using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Lifecycle;

/// <summary>
/// One node's own wait for Ready, asked on the control plane (bootstrap/Scripts/nodes-ready.sh for that node only). It is
/// part of the node's work, so <c>bootstrap cluster --node pi6</c> joins pi6 and waits for it without touching any other
/// node; the action polls up to <see cref="PhaseInputs.ReadyTimeout"/>.
/// </summary>
public sealed class NodeReadyStep(Node controlPlane, PhaseInputs inputs) : NodeStep("node-ready")
{
    public static string Check(string node) =>
        NodeShell.Script(NodeScripts.Check(NodeScripts.NodesReady, ("NODES", node), ("ADMIN_CONF", KubeadmPhase.AdminConf)));

    private async Task<bool> ReadyAsync(StepContext context) =>
        await context.CheckAsync(await context.SessionToAsync(controlPlane), Check(context.Node.Name),
            new CommandOptions(Description: $"node-ready: {context.Node.Name} Ready"));

    public override Task<bool> IsDoneAsync(StepContext context) => ReadyAsync(context);

    public override async Task ApplyAsync(StepContext context)
    {
        var started = inputs.Time.GetTimestamp();
        while (!await ReadyAsync(context))
        {
            if (inputs.Time.GetElapsedTime(started) > inputs.ReadyTimeout)
            {
                throw new StepFailedException(
                    $"{context.Node.Name} joined but is not Ready after {inputs.ReadyTimeout}: look at its kubelet (rc-service kubelet status) and flannel's pod on it, then rerun.");
            }
            await Task.Delay(inputs.PollInterval, inputs.Time, context.CancellationToken);
        }
    }

    public override IEnumerable<ShellSnippet> Snippets => ScriptsFor(new Node("pi1", "192.168.50.135", NodeRole.Worker));

    public override IEnumerable<ShellSnippet> ScriptsFor(Node node) => [new($"{Name}.check (on {controlPlane.Name})", Check(node.Name))];
}
