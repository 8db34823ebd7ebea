using System.ComponentModel;
using System.Globalization;
using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Lifecycle;

/// <summary>Options of `node replace` and `node remove`: the worker, how long its drain may take, the confirmation.</summary>
public class NodeLifecycleSettings : PlanSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("The worker, as named in cluster/HomeCluster.cs (never the control plane).")]
    public string Name { get; init; } = "";

    [CommandOption("--drain-timeout <MINUTES>")]
    [Description("How long kubectl drain may wait for the worker's Pods to leave (PodDisruptionBudgets); default 5. A worker that is not Ready is not drained.")]
    public int DrainTimeoutMinutes { get; init; } = (int)NodeDrainSteps.DefaultDrainTimeout.TotalMinutes;

    [CommandOption("--yes")]
    [Description("Go ahead without asking (required without a terminal).")]
    public bool Yes { get; init; }

    public TimeSpan DrainTimeout => TimeSpan.FromMinutes(DrainTimeoutMinutes);

    public override ValidationResult Validate()
    {
        if (Node is not null) return ValidationResult.Error($"--node {Node}: name the worker as the argument (`node replace {Node}`).");
        if (DrainTimeoutMinutes <= 0) return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"--drain-timeout {DrainTimeoutMinutes}: must be a positive number of minutes."));
        return base.Validate();
    }
}

public sealed class NodeReplaceSettings : NodeLifecycleSettings
{
    [CommandOption("--running")]
    [Description("The card to replace still runs: drain the worker and delete its Node now, before you swap the card (without it, a worker whose Node is the running card's own has nothing to replace).")]
    public bool Running { get; init; }
}

public sealed class NodeRemoveSettings : NodeLifecycleSettings;

/// <summary><c>bootstrap node replace NAME</c>: <see cref="NodeReplacePhase"/> on the step engine.</summary>
public sealed class NodeReplaceCommand(BootstrapServices services) : PhaseCommand<NodeReplaceSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(NodeReplaceSettings settings)
    {
        LifecycleTarget.Of(Services.Cluster, settings.Name);
        return [new NodeReplacePhase(settings.Name, settings.DrainTimeout, settings.Running)];
    }

    protected override void Confirm(BootstrapPlan plan, NodeReplaceSettings settings) =>
        Confirmation.Require(Services.Console,
            $"This drains {settings.Name} (when it is Ready), deletes its Node and force-deletes the Pods left on it, then prepares and joins the card now in {settings.Name}.",
            settings.Yes, "replace");

    protected override string Finished(NodeReplaceSettings settings) =>
        $"{settings.Name} is back and Ready. If its card got a new host key (`card --new-host-key`), commit bootstrap/known_hosts.";
}

/// <summary><c>bootstrap node remove NAME</c>: <see cref="NodeRemovePhase"/> on the step engine, then the model edit it asks for.</summary>
public sealed class NodeRemoveCommand(BootstrapServices services) : PhaseCommand<NodeRemoveSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(NodeRemoveSettings settings)
    {
        LifecycleTarget.Of(Services.Cluster, settings.Name);
        return [new NodeRemovePhase(settings.Name, settings.DrainTimeout)];
    }

    protected override void Confirm(BootstrapPlan plan, NodeRemoveSettings settings) =>
        Confirmation.Require(Services.Console,
            $"This drains {settings.Name}, deletes it from the cluster and wipes Kubernetes from it (bootstrap reset) when it answers.",
            settings.Yes, "remove");

    protected override string Finished(NodeRemoveSettings settings) =>
        $"{settings.Name} has left the cluster. Now delete its `new Node(\"{settings.Name}\", …)` from cluster/HomeCluster.cs and its line from " +
        $"bootstrap/known_hosts, run `dotnet run --project generators render` and commit: until then every `bootstrap cluster` run joins it again. " +
        $"Its private host key stays in .picluster/nodes/{settings.Name} (delete it when the Pi is gone for good).";
}
