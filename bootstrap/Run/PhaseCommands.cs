using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Run;

/// <summary><c>bootstrap nodes</c>: OS preparation of every node over SSH.</summary>
public sealed class NodesCommand : PhaseCommand<PlanSettings>
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(PlanSettings settings) => [BootstrapPhases.Nodes];
}

/// <summary><c>bootstrap kubeadm</c>: control plane, kubeconfig, flannel, joins.</summary>
public sealed class KubeadmCommand : PhaseCommand<KubeadmSettings>
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(KubeadmSettings settings) => [BootstrapPhases.Kubeadm];

    protected override PhaseInputs With(PhaseInputs inputs, KubeadmSettings settings) =>
        inputs with { KubeconfigPath = settings.Kubeconfig ?? BootstrapRunner.DefaultKubeconfig };
}

/// <summary><c>bootstrap flux</c>: install the rendered Flux manifest, deploy key, sync, Ready.</summary>
public sealed class FluxCommand : PhaseCommand<PlanSettings>
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(PlanSettings settings) => [BootstrapPhases.Flux];
}

/// <summary><c>bootstrap secrets</c>: every Secret rendered/ references, from the local store or generated.</summary>
public sealed class SecretsCommand : PhaseCommand<SecretsSettings>
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(SecretsSettings settings) => [BootstrapPhases.Secrets];

    protected override PhaseInputs With(PhaseInputs inputs, SecretsSettings settings) => inputs with { RotateSecrets = settings.Rotate };
}

/// <summary><c>bootstrap cluster</c>: every card-independent phase in order.</summary>
public sealed class ClusterCommand : PhaseCommand<ClusterSettings>
{
    protected override IReadOnlyList<IBootstrapPhase> Phases(ClusterSettings settings) => BootstrapPhases.Cluster;

    protected override PhaseInputs With(PhaseInputs inputs, ClusterSettings settings)
    {
        // Before any node is touched: the README's numbered prerequisites (placeholders changed, Flux pinned, rendered, committed).
        if (!settings.DryRun) Prerequisites.ClusterPrerequisites.Require(inputs.Cluster, inputs.State.RepositoryRoot);
        return inputs with { KubeconfigPath = settings.Kubeconfig ?? BootstrapRunner.DefaultKubeconfig, RotateSecrets = settings.Rotate };
    }
}

/// <summary>A command that runs phases as one plan: the settings say which options it takes, the runner does the rest.</summary>
public abstract class PhaseCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : PlanSettings
{
    protected abstract IReadOnlyList<IBootstrapPhase> Phases(TSettings settings);

    /// <summary>Applies the command's own options to the inputs every phase reads.</summary>
    protected virtual PhaseInputs With(PhaseInputs inputs, TSettings settings) => inputs;

    /// <summary>What the operator does next after a successful run.</summary>
    protected virtual void Finished()
    {
    }

    /// <summary>Asks before a destructive plan runs (not on a dry run); throws when not confirmed.</summary>
    protected virtual void Confirm(BootstrapPlan plan, TSettings settings)
    {
    }

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var state = StateFolder.Locate(Environment.CurrentDirectory);
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        // Under the live table, phase messages (deploy key, secret store) are held and printed after it.
        var messages = interactive ? new StringWriter() : Console.Out;
        var inputs = With(new PhaseInputs(HomeCluster.Definition, state, BootstrapRunner.DefaultKubeconfig) { Report = TextWriter.Synchronized(messages) }, settings);
        var runner = new BootstrapRunner(inputs, NodeAccess.Options(state, settings), NodeAccess.Endpoint);
        var plan = runner.Plan(Phases(settings), settings.Node);
        if (!settings.DryRun) Confirm(plan, settings);
        var code = await runner.RunCommandAsync(plan, settings, interactive, messages, cancellationToken);
        if (code == ExitCodes.Ok && !settings.DryRun) Finished();
        return code;
    }
}
