using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Run;

/// <summary><c>bootstrap nodes</c>: OS preparation of every node over SSH.</summary>
public sealed class NodesCommand : PhaseCommand
{
    protected override IReadOnlyList<IBootstrapPhase> Phases => [BootstrapPhases.Nodes];
}

/// <summary><c>bootstrap kubeadm</c>: control plane, kubeconfig, flannel, joins.</summary>
public sealed class KubeadmCommand : PhaseCommand
{
    protected override IReadOnlyList<IBootstrapPhase> Phases => [BootstrapPhases.Kubeadm];
}

/// <summary><c>bootstrap flux</c>: install the pinned Flux, commit gotk-components.yaml, deploy key, sync, Ready.</summary>
public sealed class FluxCommand : PhaseCommand
{
    protected override IReadOnlyList<IBootstrapPhase> Phases => [BootstrapPhases.Flux];
}

/// <summary><c>bootstrap secrets</c>: every Secret rendered/ references, from the local store or generated.</summary>
public sealed class SecretsCommand : PhaseCommand
{
    protected override IReadOnlyList<IBootstrapPhase> Phases => [BootstrapPhases.Secrets];
}

/// <summary><c>bootstrap cluster</c>: every card-independent phase in order.</summary>
public sealed class ClusterCommand : PhaseCommand
{
    protected override IReadOnlyList<IBootstrapPhase> Phases => BootstrapPhases.Cluster;
}

public abstract class PhaseCommand : AsyncCommand<RunSettings>
{
    protected abstract IReadOnlyList<IBootstrapPhase> Phases { get; }

    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var cluster = HomeCluster.Definition;
            var state = StateFolder.Locate(Environment.CurrentDirectory);
            var options = BootstrapRunner.DefaultOptions(state, settings);
            var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
            // Under the live table, phase messages (deploy key, secret store, commit) are held and printed after it.
            var messages = interactive ? new StringWriter() : Console.Out;
            var inputs = new PhaseInputs(cluster, state, settings.Kubeconfig ?? BootstrapRunner.DefaultKubeconfig)
            {
                Report = TextWriter.Synchronized(messages),
                FluxManifestFile = settings.FluxManifest is null ? null : Path.GetFullPath(settings.FluxManifest),
                FluxSha256 = settings.FluxSha256,
                CommitFluxComponents = !settings.NoCommit,
                RotateSecrets = settings.Rotate,
            };
            var runner = new BootstrapRunner(inputs, options, n => new Ssh.SshEndpoint(n.Name, n.Address));
            var plan = runner.Plan(Phases, settings.Only);
            if (settings.Scripts && !settings.DryRun)
            {
                Console.Error.WriteLine("error: --scripts only goes with --dry-run (it prints the scripts instead of running them).");
                return 2;
            }
            if (settings.DryRun && settings.Scripts)
            {
                PlanScripts.Write(plan, Console.Out);
                return 0;
            }
            if (settings.DryRun)
            {
                Console.Out.WriteLine("stage node     phase    step   (a stage's nodes run in parallel; stages run in order)");
                foreach (var line in plan.Lines) Console.Out.WriteLine(line);
                return 0;
            }
            RunReport report;
            try
            {
                report = await runner.RunWithViewAsync(plan, interactive, cancellationToken);
            }
            finally
            {
                if (messages is StringWriter held) Console.Out.Write(held.ToString());
            }
            return report.Succeeded ? 0 : 1;
        }
        catch (BootstrapException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
