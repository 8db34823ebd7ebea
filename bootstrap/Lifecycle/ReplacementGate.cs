using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Lifecycle;

/// <summary>
/// Whether the worker's Node object has to go, decided once per run before anything changes: it does when the Node
/// belongs to a card that is no longer in the Pi — the Pi does not answer (a dead card), or answers with another
/// /etc/machine-id than the one the kubelet registered the Node with (status.nodeInfo.machineID; a new card draws its
/// own). When the card in the Pi is the Node's own, there is nothing to replace unless <c>running</c> says the operator
/// replaces a Pi that still runs (its Node is then drained and deleted before the card is swapped).
/// </summary>
public sealed class ReplacementGate(Node controlPlane, Node target, bool running)
{
    private static string NodeMachineIdScript(string node) =>
        NodeShell.Script(NodeScripts.Check(LifecycleScripts.ReplacementGate, ("PART", "node"), ("NODE", node), ("ADMIN_CONF", KubeadmPhase.AdminConf)));

    private static readonly string CardMachineIdScript = NodeShell.Script(NodeScripts.Check(LifecycleScripts.ReplacementGate, ("PART", "card")));

    public async Task<bool> NeededAsync(StepContext context)
    {
        var decision = await context.Run.SharedAsync($"replace-{target.Name}", async () => await DecideAsync(context));
        return decision == "needed";
    }

    private async Task<string> DecideAsync(StepContext context)
    {
        var cp = await context.SessionToAsync(controlPlane);
        var nodeId = await cp.RunAsync(NodeMachineIdScript(target.Name), new CommandOptions(Description: $"machine id of node {target.Name}"), context.CancellationToken);
        if (!nodeId.Succeeded) throw new StepFailedException($"cannot read node {target.Name} from the API on {controlPlane.Name}: {nodeId.Error.Trim()}");
        var registered = nodeId.Output.Trim();
        NodeSession card;
        try
        {
            card = await context.Run.SessionAsync(target, context.CancellationToken);
        }
        catch (SshTransportException e) when (e.Failure == SshFailure.Unreachable)
        {
            cp.Note($"{target.Name} does not answer: its Node belongs to a dead card");
            return "needed";
        }
        var inPi = (await card.RunAsync(CardMachineIdScript, new CommandOptions(Description: "machine id of the card in the Pi"), context.CancellationToken)).Output.Trim();
        if (registered.Length == 0 || inPi != registered)
        {
            cp.Note($"{target.Name}: the card in the Pi ({(inPi.Length == 0 ? "fresh" : inPi)}) is not the one its Node was registered by ({(registered.Length == 0 ? "none" : registered)})");
            return "needed";
        }
        return running ? "needed" : "not needed";
    }

    public IEnumerable<ShellSnippet> ScriptsFor(Node? context) =>
    [
        new($"replace-gate (on {controlPlane.Name})", NodeMachineIdScript(target.Name)),
        new($"replace-gate (on {target.Name})", CardMachineIdScript),
    ];
}
