using k8s.Models;
using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>
/// `rc-service kubelet restart` on the node; done when the API shows its kubelet reporting <c>version</c>
/// (status.nodeInfo.kubeletVersion is what the running kubelet says, so an installed but not restarted kubelet does not
/// count). The action waits for the report, bounded by <see cref="PhaseInputs.ReadyTimeout"/>.
/// </summary>
public sealed class KubeletRestartStep(Node controlPlane, KubernetesVersion version, PhaseInputs inputs) : NodeStep("restart-kubelet")
{
    public static readonly string Restart = NodeShell.Script(Scripts.NodeScripts.Apply(Scripts.Day2Scripts.KubeletRestart));

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        var node = await NodeObjects.NodeAsync(await context.SessionToAsync(controlPlane), context.Node.Name, context.CancellationToken);
        return node is not null && DrainState.KubeletVersion(node) == version.ToString();
    }

    public override async Task ApplyAsync(StepContext context)
    {
        await context.Session.RunCheckedAsync(Restart, new CommandOptions(Timeout: TimeSpan.FromMinutes(2), Description: "rc-service kubelet restart"), context.CancellationToken);
        await NodeWait.UntilAsync(context, inputs, () => IsDoneAsync(context), $"{context.Node.Name}'s kubelet did not report {version} within {inputs.ReadyTimeout} after its restart; look at /var/log/kubelet/kubelet.log on it");
    }

    public override IEnumerable<ShellSnippet> Snippets =>
    [
        new("restart-kubelet.check (on the control plane)", NodeObjects.GetNodeScript("<node>")),
        new("restart-kubelet.action", Restart),
    ];

    public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
    [
        new($"restart-kubelet.check (on {controlPlane.Name})", NodeObjects.GetNodeScript(node.Name)),
        new("restart-kubelet.action", Restart),
    ];
}

/// <summary>Polling on the run's clock until a condition holds, or a clear error.</summary>
public static class NodeWait
{
    public static async Task UntilAsync(StepContext context, PhaseInputs inputs, Func<Task<bool>> condition, string timeoutMessage)
    {
        var started = inputs.Time.GetTimestamp();
        while (!await condition())
        {
            if (inputs.Time.GetElapsedTime(started) > inputs.ReadyTimeout) throw new StepFailedException(timeoutMessage);
            await Task.Delay(inputs.PollInterval, inputs.Time, context.CancellationToken);
        }
    }

    /// <summary>A node whose kubelet already runs <paramref name="version"/> and takes pods: its upgrade is over.</summary>
    public static Func<V1Node, bool> Upgraded(KubernetesVersion version) =>
        node => DrainState.KubeletVersion(node) == version.ToString() && !DrainState.IsCordoned(node);
}
