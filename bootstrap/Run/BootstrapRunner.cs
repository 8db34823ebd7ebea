using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;
using Spectre.Console;

namespace PiCluster.Bootstrap.Run;

/// <summary>Builds a plan from phases and runs it over the SSH transport, with a progress view and a summary.</summary>
public sealed class BootstrapRunner(PhaseInputs inputs, SshTransportOptions options, Func<Node, SshEndpoint> endpoints)
{
    public static string DefaultKubeconfig =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");

    public static SshTransportOptions DefaultOptions(StateFolder state, RunSettings settings) =>
        new(settings.SshKey ?? SshTransportOptions.DefaultPrivateKeyPath, state.KnownHostsFile, state.LogFolder, settings.AcceptNewHostKeys)
        {
            CommandTimeout = TimeSpan.FromMinutes(settings.CommandTimeoutMinutes ?? 10),
        };

    public BootstrapPlan Plan(IEnumerable<IBootstrapPhase> phases, string? only)
    {
        if (only is not null && inputs.Cluster.Nodes.All(n => n.Name != only))
        {
            throw new BootstrapException($"--only {only}: no such node (nodes: {string.Join(", ", inputs.Cluster.Nodes.Select(n => n.Name))}).");
        }
        return BootstrapPlan.For(phases, inputs).Only(only);
    }

    /// <summary>Runs the plan, reporting to <paramref name="observer"/>.</summary>
    public async Task<RunReport> RunAsync(BootstrapPlan plan, IRunObserver observer, CancellationToken cancellationToken)
    {
        using var transport = new SshTransport(options);
        await using var run = new StepRun(transport, endpoints, inputs);
        return await new PlanRunner(run, observer).RunAsync(plan, cancellationToken);
    }

    /// <summary>Live table on a terminal, plain lines otherwise; then the summary table and any failures.</summary>
    public async Task<RunReport> RunWithViewAsync(BootstrapPlan plan, bool interactive, CancellationToken cancellationToken)
    {
        RunReport report;
        if (interactive)
        {
            var view = new LiveProgressView(plan);
            report = await AnsiConsole.Live(view.Render()).AutoClear(false).StartAsync(async live =>
            {
                var running = RunAsync(plan, view, cancellationToken);
                while (!running.IsCompleted)
                {
                    live.UpdateTarget(view.Render());
                    await Task.WhenAny(running, Task.Delay(150, CancellationToken.None));
                }
                live.UpdateTarget(view.Render());
                return await running;
            });
        }
        else
        {
            report = await RunAsync(plan, new PlainProgressView(Console.Out), cancellationToken);
        }
        AnsiConsole.Write(SummaryTable.Build(report));
        foreach (var failure in report.Failures)
        {
            Console.Error.WriteLine($"error: {failure} (log: {Path.Combine(options.LogFolder, failure.Node + ".log")})");
        }
        if (report.Succeeded)
        {
            Console.Out.WriteLine(report.Actions == 0 ? "Nothing to do: every step was already done." : $"Done: {report.Actions} step(s) changed the cluster.");
        }
        return report;
    }
}
