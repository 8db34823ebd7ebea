using System.Collections.Concurrent;
using System.Globalization;
using PiCluster.Bootstrap.Steps;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PiCluster.Bootstrap.Run;

/// <summary>One line per finished step, for pipes and CI logs.</summary>
public sealed class PlainProgressView(TextWriter output) : IRunObserver
{
    private readonly Lock _lock = new();

    public void StepStarted(string node, string phase, string step)
    {
    }

    public void StepFinished(string node, string phase, string step, StepOutcome outcome, TimeSpan elapsed, string? error)
    {
        var word = outcome switch
        {
            StepOutcome.Skipped => "ok (already done)",
            StepOutcome.Done => "changed",
            _ => "FAILED: " + error,
        };
        lock (_lock) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{node,-6} {phase,-8} {step,-22} {word} [{elapsed.TotalSeconds:0.0}s]"));
    }
}

/// <summary>A live table: one row per node with its current step and counts.</summary>
public sealed class LiveProgressView : IRunObserver
{
    private readonly ConcurrentDictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _order;

    public LiveProgressView(BootstrapPlan plan)
    {
        _order = [.. plan.Lines.Select(l => l.Node).Distinct()];
        foreach (var node in _order)
        {
            _rows[node] = new Row(plan.Lines.Count(l => l.Node == node));
        }
    }

    public void StepStarted(string node, string phase, string step) =>
        _rows[node] = _rows[node] with { Current = $"{phase} / {step}" };

    public void StepFinished(string node, string phase, string step, StepOutcome outcome, TimeSpan elapsed, string? error)
    {
        var row = _rows[node];
        _rows[node] = outcome switch
        {
            StepOutcome.Done => row with { Done = row.Done + 1 },
            StepOutcome.Skipped => row with { Skipped = row.Skipped + 1 },
            _ => row with { Failed = row.Failed + 1, Current = $"{phase} / {step}: {error}" },
        };
    }

    public IRenderable Render()
    {
        var table = new Table().AddColumn("Node").AddColumn("Progress").AddColumn("Step");
        foreach (var node in _order)
        {
            var row = _rows[node];
            var finished = row.Done + row.Skipped + row.Failed;
            var status = row.Failed > 0 ? "[red]failed[/]" : finished == row.Total ? "[green]done[/]" : $"{finished}/{row.Total}";
            table.AddRow(Markup.Escape(node), status, Markup.Escape(row.Current));
        }
        return table;
    }

    private sealed record Row(int Total, int Done = 0, int Skipped = 0, int Failed = 0, string Current = "waiting");
}

/// <summary>The final table: node, steps done / skipped / failed, time.</summary>
public static class SummaryTable
{
    public static Table Build(RunReport report)
    {
        var table = new Table().AddColumn("Node").AddColumn("Done").AddColumn("Skipped").AddColumn("Failed").AddColumn("Time");
        foreach (var n in report.Nodes)
        {
            table.AddRow(
                Markup.Escape(n.Node),
                n.Done.ToString(CultureInfo.InvariantCulture),
                n.Skipped.ToString(CultureInfo.InvariantCulture),
                n.Failed > 0 ? $"[red]{n.Failed}[/]" : "0",
                n.Elapsed.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture));
        }
        table.Caption(string.Create(CultureInfo.InvariantCulture, $"total {report.Elapsed.TotalSeconds:0.0}s"));
        return table;
    }
}
