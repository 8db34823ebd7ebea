using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Steps;
using PiCluster.CommandLine;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Run;

/// <summary><c>bootstrap nodes</c>: OS preparation of every node over SSH.</summary>
public sealed class NodesCommand(BootstrapServices services) : PhaseCommand<PlanSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(PlanSettings settings) => [BootstrapPhases.Nodes];
}

/// <summary><c>bootstrap kubeadm</c>: control plane, kubeconfig, flannel, joins.</summary>
public sealed class KubeadmCommand(BootstrapServices services) : PhaseCommand<KubeadmSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(KubeadmSettings settings) => [BootstrapPhases.Kubeadm];

    protected override PhaseInputs With(PhaseInputs inputs, KubeadmSettings settings) =>
        inputs with { KubeconfigPath = settings.Kubeconfig ?? BootstrapRunner.DefaultKubeconfig };
}

/// <summary><c>bootstrap flux</c>: install the rendered Flux manifest, deploy key, sync, Ready.</summary>
public sealed class FluxCommand(BootstrapServices services) : PhaseCommand<PlanSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(PlanSettings settings) => [BootstrapPhases.Flux];
}

/// <summary><c>bootstrap secrets</c>: every Secret the rendered tree references, from the local store or generated.</summary>
public sealed class SecretsCommand(BootstrapServices services) : PhaseCommand<SecretsSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(SecretsSettings settings) => [BootstrapPhases.Secrets];

    protected override PhaseInputs With(PhaseInputs inputs, SecretsSettings settings) => inputs with { RotateSecrets = settings.Rotate };
}

/// <summary><c>bootstrap cluster</c>: every card-independent phase in order.</summary>
public sealed class ClusterCommand(BootstrapServices services) : PhaseCommand<ClusterSettings>(services)
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(ClusterSettings settings) => BootstrapPhases.Cluster;

    protected override PhaseInputs With(PhaseInputs inputs, ClusterSettings settings)
    {
        // Before any node is touched: the README's numbered prerequisites (placeholders changed, Flux pinned, rendered, committed).
        if (!settings.DryRun) Prerequisites.ClusterPrerequisites.Require(inputs);
        return inputs with { KubeconfigPath = settings.Kubeconfig ?? BootstrapRunner.DefaultKubeconfig, RotateSecrets = settings.Rotate };
    }
}

/// <summary>
/// A command that runs phases as one plan: the settings say which options it takes, <see cref="Phases"/> which phases,
/// the runner does the rest (--dry-run, --scripts, --node, progress, summary, exit code). What it uses comes in
/// <see cref="BootstrapServices"/>; a new command is a subclass with its own settings class (docs/architecture.md).
/// </summary>
public abstract class PhaseCommand<TSettings>(BootstrapServices services) : AsyncCommand<TSettings>
    where TSettings : PlanSettings
{
    protected BootstrapServices Services { get; } = services;

    protected abstract IReadOnlyList<IBootstrapPhase> Phases(TSettings settings);

    /// <summary>Applies the command's own options to the inputs every phase reads.</summary>
    protected virtual PhaseInputs With(PhaseInputs inputs, TSettings settings) => inputs;

    /// <summary>What the operator does next after a successful run.</summary>
    protected virtual string? Finished(TSettings settings) => null;

    /// <summary>Asks before a destructive plan runs (not on a dry run); throws when not confirmed.</summary>
    protected virtual void Confirm(BootstrapPlan plan, TSettings settings)
    {
    }

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var state = Services.State;
        // Under the live table, phase messages (deploy key, secret store) are held and printed after it.
        var held = Services.Console.Profile.Capabilities.Interactive ? new StringWriter() : null;
        var inputs = With(new PhaseInputs(Services.Cluster, state, BootstrapRunner.DefaultKubeconfig)
        {
            Report = TextWriter.Synchronized(held ?? Services.Console.Writer()),
            Time = Services.Time,
            Environment = Services.Environment.Lookup,
        }, settings);
        var runner = new BootstrapRunner(inputs, NodeAccess.Options(state, settings, Services.Time), NodeAccess.Endpoint);
        var plan = runner.Plan(Phases(settings), settings.Node);
        if (!settings.DryRun) Confirm(plan, settings);
        var code = await runner.RunCommandAsync(plan, settings, new RunOutput(Services.Console, Services.Errors, held), cancellationToken);
        if (code == ExitCodes.Ok && !settings.DryRun && Finished(settings) is { } next) Services.Console.Writer().WriteLine(next);
        return code;
    }
}
