using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Kubeadm;

/// <summary>Done when every node of the definition reports Ready; the action waits (polling) up to <see cref="PhaseInputs.ReadyTimeout"/>.</summary>
public sealed class NodesReadyStep(PhaseInputs inputs) : NodeStep("nodes-ready")
{
    public string Check { get; } =
        NodeShell.Script($"nodes=$({KubeadmPhase.Kubectl} get nodes --no-headers)\n" +
        $"for node in {string.Join(' ', inputs.Cluster.Nodes.Select(n => NodeSession.ShellQuote(n.Name)))}; do\n" +
        "    echo \"$nodes\" | awk -v n=\"$node\" '$1 == n && $2 == \"Ready\" { found = 1 } END { exit !found }' || exit 1\n" +
        "done\n");

    public override Task<bool> IsDoneAsync(StepContext context) =>
        context.CheckAsync(Check, new CommandOptions(Description: "nodes-ready: every node Ready"));

    public override async Task ApplyAsync(StepContext context)
    {
        var started = inputs.Time.GetTimestamp();
        while (!await IsDoneAsync(context))
        {
            if (inputs.Time.GetElapsedTime(started) > inputs.ReadyTimeout)
            {
                var nodes = await context.Session.RunAsync(NodeShell.Script($"{KubeadmPhase.Kubectl} get nodes\n"), null, context.CancellationToken);
                throw new BootstrapException($"not every node is Ready after {inputs.ReadyTimeout}:\n{nodes.Output.TrimEnd()}");
            }
            await Task.Delay(inputs.PollInterval, inputs.Time, context.CancellationToken);
        }
    }

    public override IEnumerable<ShellSnippet> Snippets => [new("nodes-ready.check", Check)];
}
