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

    public BootstrapPlan Plan(IEnumerable<IBootstrapPhase> phases, string? node)
    {
        if (node is not null && inputs.Cluster.Nodes.All(n => n.Name != node))
        {
            throw new BootstrapException($"--node {node}: no such node (nodes: {string.Join(", ", inputs.Cluster.Nodes.Select(n => n.Name))}).");
        }
        return BootstrapPlan.For(phases, inputs).Only(node);
    }

    /// <summary>
    /// What every plan command does with its plan: --dry-run prints it (--scripts: with every script) and never connects;
    /// otherwise it runs with progress and a summary. Messages held under the live table are printed after it.
    /// </summary>
    public async Task<int> RunCommandAsync(BootstrapPlan plan, PlanSettings settings, bool interactive, TextWriter messages, CancellationToken cancellationToken)
    {
        if (settings.DryRun && settings.Scripts)
        {
            PlanScripts.Write(plan, Console.Out);
            return ExitCodes.Ok;
        }
        if (settings.DryRun)
        {
            Console.Out.WriteLine("stage node     phase    step   (a stage's nodes run in parallel; stages run in order)");
            foreach (var line in plan.Lines) Console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }
        try
        {
            var report = await RunWithViewAsync(plan, interactive, cancellationToken);
            return report.Succeeded ? ExitCodes.Ok : ExitCodes.StepFailed;
        }
        finally
        {
            if (messages is StringWriter held) Console.Out.Write(held.ToString());
        }
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
