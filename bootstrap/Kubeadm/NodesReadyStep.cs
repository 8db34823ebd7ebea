using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>Done when every node of the definition reports Ready; the action waits (polling) up to <see cref="PhaseInputs.ReadyTimeout"/>.</summary>
public sealed class NodesReadyStep(PhaseInputs inputs) : NodeStep("nodes-ready")
{
    public string Check { get; } = NodeShell.Script(NodeScripts.Check(NodeScripts.NodesReady,
        ("NODES", string.Join(' ', inputs.Cluster.Nodes.Select(n => n.Name))), ("ADMIN_CONF", KubeadmPhase.AdminConf)));

    public override Task<bool> IsDoneAsync(StepContext context) =>
        context.CheckAsync(Check, new CommandOptions(Description: "nodes-ready: every node Ready"));

    public override async Task ApplyAsync(StepContext context)
    {
        var started = inputs.Time.GetTimestamp();
        while (!await IsDoneAsync(context))
        {
            if (inputs.Time.GetElapsedTime(started) > inputs.ReadyTimeout)
            {
                var nodes = await context.Session.RunAsync(Remote.ShellText.Script(Remote.RemoteKubectl.CommandLine(KubeadmPhase.AdminConf, "get", "nodes")), null, context.CancellationToken);
                throw new StepFailedException($"not every node is Ready after {inputs.ReadyTimeout}:\n{nodes.Output.TrimEnd()}");
            }
            await Task.Delay(inputs.PollInterval, inputs.Time, context.CancellationToken);
        }
    }

    public override IEnumerable<ShellSnippet> Snippets => [new("nodes-ready.check", Check)];
}
