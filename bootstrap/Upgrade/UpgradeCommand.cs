using System.ComponentModel;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using PiCluster.CommandLine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Upgrade;

public sealed class UpgradeSettings : KubeadmSettings
{
    [CommandOption("--drain-timeout <MINUTES>")]
    [Description("How long kubectl drain may wait for evictions (PodDisruptionBudgets) per node before the run stops (default 5).")]
    public int? DrainTimeoutMinutes { get; init; }

    [CommandOption("--alpine")]
    [Description("With --dry-run: show the Alpine branch upgrade instead (a real run decides from the nodes which one is due).")]
    public bool Alpine { get; init; }

    public TimeSpan DrainTimeout => TimeSpan.FromMinutes(DrainTimeoutMinutes ?? 5);

    public override ValidationResult Validate() =>
        DrainTimeoutMinutes is <= 0 ? ValidationResult.Error($"--drain-timeout {DrainTimeoutMinutes}: must be a positive number of minutes.")
        : Alpine && !DryRun ? ValidationResult.Error("--alpine only goes with --dry-run (a real run reads from the nodes whether an Alpine or a Kubernetes upgrade is due).")
        : base.Validate();
}

/// <summary>
/// <c>bootstrap upgrade</c>: reconciles the nodes to the model's KubernetesSettings.Version (or BootstrapSettings.AlpineVersion
/// branch): <see cref="UpgradePlanner"/> decides from the control plane, the plan runs on the step engine. Not a
/// <see cref="PhaseCommand{TSettings}"/>: which phase runs is read from the control plane first.
/// </summary>
public sealed class UpgradeCommand(BootstrapServices services) : AsyncCommand<UpgradeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UpgradeSettings settings, CancellationToken cancellationToken)
    {
        var state = services.State;
        var held = services.Console.Profile.Capabilities.Interactive ? new StringWriter() : null;
        var inputs = new PhaseInputs(services.Cluster, state, settings.Kubeconfig ?? BootstrapRunner.DefaultKubeconfig)
        {
            Report = TextWriter.Synchronized(held ?? services.Console.Writer()),
            Time = services.Time,
            Environment = services.Environment.Lookup,
        };
        var options = NodeAccess.Options(state, settings, services.Time);
        var runner = new BootstrapRunner(inputs, options, NodeAccess.Endpoint);
        runner.Plan([], settings.Node); // --node is checked before anything connects
        var run = settings.DryRun
            ? UpgradePlanner.DryRun(inputs.Cluster, settings.Alpine)
            : await UpgradePlanner.DecideAsync(inputs, options, NodeAccess.Endpoint, settings.Node, cancellationToken);
        var plan = runner.Plan([UpgradePlanner.PhaseFor(run, settings.DrainTimeout)], settings.Node);
        services.Console.Writer().WriteLine((settings.DryRun ? "# dry run, target from the model (a real run takes the newest patch @k8s offers): " : "") + UpgradePlanner.Describe(run));
        return await runner.RunCommandAsync(plan, settings, new RunOutput(services.Console, services.Errors, held), cancellationToken);
    }
}
