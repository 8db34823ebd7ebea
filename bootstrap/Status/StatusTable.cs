using Spectre.Console;
using Spectre.Console.Rendering;

namespace PiCluster.Bootstrap.Status;

/// <summary>The status table: one group of rows per node, then the cluster checks; each row ok / warn / fail, the value and the fix.</summary>
public static class StatusTable
{
    public static IRenderable Build(IReadOnlyList<HealthFinding> findings)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Node / cluster").AddColumn("Check").AddColumn("Status").AddColumn("Value").AddColumn("Fix");
        string? scope = null;
        foreach (var f in findings)
        {
            if (scope is not null && f.Scope != scope) table.AddEmptyRow();
            table.AddRow(
                new Markup(f.Scope == scope ? "" : $"[bold]{Markup.Escape(f.Scope)}[/]"),
                new Text(f.Check),
                new Markup(f.Level switch { HealthLevel.Ok => "[green]ok[/]", HealthLevel.Warn => "[yellow]warn[/]", _ => "[red]fail[/]" }),
                new Text(f.Value),
                new Text(f.Fix is null ? "" : "→ " + f.Fix));
            scope = f.Scope;
        }
        var warn = findings.Count(f => f.Level == HealthLevel.Warn);
        var fail = findings.Count(f => f.Level == HealthLevel.Fail);
        table.Caption(fail + warn == 0 ? "all ok" : $"{fail} failing, {warn} warning, {findings.Count - fail - warn} ok");
        return table;
    }
}
