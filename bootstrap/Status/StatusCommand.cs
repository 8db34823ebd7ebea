using System.ComponentModel;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using PiCluster.CommandLine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Status;

public sealed class StatusSettings : PlanSettings
{
    [CommandOption("--format <FORMAT>")]
    [Description("table (default) or json (for scripts, cron mail and Grafana).")]
    public string Format { get; init; } = "table";

    public override ValidationResult Validate() =>
        Format is not ("table" or "json") ? ValidationResult.Error($"--format {Format}: must be table or json.") : base.Validate();
}

/// <summary>
/// <c>bootstrap status</c>: read-only health of every node and of the cluster (<see cref="StatusPhase"/>), as a table or
/// JSON. Exit 0 when every row is ok, 1 when any warns or fails, 2 on bad input.
/// </summary>
public sealed class StatusCommand(BootstrapServices services) : AsyncCommand<StatusSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        var state = services.State;
        var inputs = new PhaseInputs(services.Cluster, state, BootstrapRunner.DefaultKubeconfig) { Report = TextWriter.Null, Time = services.Time };
        var runner = new BootstrapRunner(inputs, NodeAccess.Options(state, settings, services.Time), NodeAccess.Endpoint);
        var report = new HealthReport(inputs.Cluster);
        var plan = runner.Plan([new StatusPhase(report)], settings.Node);
        if (settings.DryRun) return await runner.RunCommandAsync(plan, settings, new RunOutput(services.Console, services.Errors), cancellationToken);
        var run = await runner.RunAsync(plan, new NoProgress(), cancellationToken);
        // Piped into a file or a cron mail: wide enough that the fixes do not wrap.
        if (!services.Console.Profile.Capabilities.Interactive) services.Console.Profile.Width = Math.Max(services.Console.Profile.Width, 200);
        return StatusOutput.Write(report, run, inputs, settings.Format, services.Console, services.Console.Writer());
    }

    private sealed class NoProgress : IRunObserver
    {
        public void StepStarted(string node, string phase, string step)
        {
        }

        public void StepFinished(string node, string phase, string step, StepOutcome outcome, TimeSpan elapsed, string? error)
        {
        }
    }
}

/// <summary>Prints a finished status run and returns its exit code.</summary>
public static class StatusOutput
{
    /// <summary>The table goes to <paramref name="console"/>, JSON to <paramref name="json"/> (plain text for scripts).</summary>
    public static int Write(HealthReport report, RunReport run, PhaseInputs inputs, string format, IAnsiConsole console, TextWriter json)
    {
        StatusPhase.AddUnreachable(report, run, inputs.Cluster);
        if (format == "json") json.Write(report.ToJson(inputs.Time.GetUtcNow()));
        else console.Write(StatusTable.Build(report.Findings));
        return report.ExitCode;
    }
}
