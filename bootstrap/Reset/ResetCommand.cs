using System.ComponentModel;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Reset;

public sealed class ResetSettings : PlanSettings
{
    [CommandOption("--yes")]
    [Description("Reset without asking (required without a terminal).")]
    public bool Yes { get; init; }
}

/// <summary>
/// <c>bootstrap reset</c>: the <see cref="ResetPhase"/> plan on the step engine (progress, logs, --dry-run, --node
/// like every phase); one worker with --node is drained and deleted from the API first; <c>bootstrap cluster</c> rebuilds.
/// </summary>
public sealed class ResetCommand(BootstrapServices services) : PhaseCommand<ResetSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(ResetSettings settings) => [new ResetPhase(settings.Node)];

    protected override void Confirm(BootstrapPlan plan, ResetSettings settings)
    {
        var nodes = plan.Stages.SelectMany(s => s.Work).Select(w => w.Node.Name).Distinct();
        Confirmation.Require(Services.Console, $"This wipes Kubernetes from {string.Join(", ", nodes)} (kubeadm reset, CNI config, interfaces, iptables).", settings.Yes, settings.Node ?? Services.Cluster.Name);
    }

    protected override string Finished(ResetSettings settings) => "Reset done; `bootstrap cluster` builds the cluster again.";
}
