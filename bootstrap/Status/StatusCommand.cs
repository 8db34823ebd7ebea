using System.ComponentModel;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
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
public sealed class StatusCommand : AsyncCommand<StatusSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        var state = StateFolder.Locate(Environment.CurrentDirectory);
        var inputs = new PhaseInputs(HomeCluster.Definition, state, BootstrapRunner.DefaultKubeconfig) { Report = TextWriter.Null };
        var runner = new BootstrapRunner(inputs, NodeAccess.Options(state, settings), NodeAccess.Endpoint);
        var report = new HealthReport(inputs.Cluster);
        var plan = runner.Plan([new StatusPhase(report)], settings.Node);
        if (settings.DryRun) return await runner.RunCommandAsync(plan, settings, interactive: false, Console.Out, cancellationToken);
        var run = await runner.RunAsync(plan, new NoProgress(), cancellationToken);
        var console = Console.IsOutputRedirected ? StatusOutput.Plain(Console.Out) : AnsiConsole.Console;
        return StatusOutput.Write(report, run, inputs, settings.Format, console, Console.Out);
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

    /// <summary>A console for a file or a pipe (cron mail): no colour codes, wide enough not to wrap the fixes.</summary>
    public static IAnsiConsole Plain(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 200;
        return console;
    }
}
