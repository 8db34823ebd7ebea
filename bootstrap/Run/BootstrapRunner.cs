using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using Spectre.Console;

namespace PiCluster.Bootstrap.Run;

/// <summary>Where a command's run is shown: stdout (live table or lines, the summary), stderr (failures), and the phase messages held under a live table.</summary>
public sealed record RunOutput(IAnsiConsole Console, StandardError Errors, StringWriter? Held = null);

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
    public async Task<int> RunCommandAsync(BootstrapPlan plan, PlanSettings settings, RunOutput output, CancellationToken cancellationToken)
    {
        var stdout = output.Console.Writer();
        if (settings.DryRun && settings.Scripts)
        {
            PlanScripts.Write(plan, stdout);
            return ExitCodes.Ok;
        }
        if (settings.DryRun)
        {
            stdout.WriteLine("stage node     phase    step   (a stage's nodes run in parallel; stages run in order)");
            foreach (var line in plan.Lines) stdout.WriteLine(line);
            return ExitCodes.Ok;
        }
        try
        {
            var report = await RunWithViewAsync(plan, output, cancellationToken);
            return report.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }
        finally
        {
            if (output.Held is { } held) stdout.Write(held.ToString());
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
    public async Task<RunReport> RunWithViewAsync(BootstrapPlan plan, RunOutput output, CancellationToken cancellationToken)
    {
        RunReport report;
        if (output.Console.Profile.Capabilities.Interactive)
        {
            var view = new LiveProgressView(plan);
            report = await output.Console.Live(view.Render()).AutoClear(false).StartAsync(async live =>
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
            report = await RunAsync(plan, new PlainProgressView(output.Console.Writer()), cancellationToken);
        }
        output.Console.Write(SummaryTable.Build(report));
        foreach (var failure in report.Failures)
        {
            output.Errors.WriteLine($"error: {failure} (log: {Path.Combine(options.LogFolder, failure.Node + ".log")})");
        }
        if (report.Succeeded)
        {
            output.Console.Writer().WriteLine(report.Actions == 0 ? "Nothing to do: every step was already done." : $"Done: {report.Actions} step(s) changed the cluster.");
        }
        return report;
    }
}
