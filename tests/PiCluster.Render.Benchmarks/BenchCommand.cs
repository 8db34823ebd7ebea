using System.ComponentModel;
using System.Diagnostics;
using PiCluster.Cluster.Model;
using PiCluster.Render.Output;
using PiCluster.Render.Rules;
using PiCluster.Render.Yaml;
using PiCluster.TestSupport;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Render.Benchmarks;

public sealed class BenchSettings : CommandSettings
{
    [CommandOption("--services <N>")]
    [Description("Render one synthetic cluster of N services once and exit (time the whole process from outside). Without it: N = 7, 1000, 2000 in-process.")]
    public int? Services { get; init; }

    [CommandOption("--temp <DIR>")]
    [Description("Where the trees are written; default /dev/shm (RAM) when it exists, so the figures measure PiCluster rather than the disk.")]
    public string? Temp { get; init; }

    [CommandOption("--diff")]
    [Description("Time `diff` instead: the synthetic cluster of --services N (default 1000) committed to a temporary git repository, then read back, rendered with one change and compared.")]
    public bool Diff { get; init; }

    [CommandOption("--charts <DIR>")]
    [Description("Time `validate --charts` and `diff --charts` on the home cluster instead, with the chart archives already in DIR (a warm charts cache); helm from PATH.")]
    public string? Charts { get; init; }

    [CommandOption("--startup")]
    [Description("Whole-process times instead: the home cluster through ./render (its native build and its ReadyToRun build, both made on first use), the plain Release build and `dotnet run`, warm and cold; the 7/1000/2000-service trees the same four ways; cdk8s beside them with --cdk8s or --install-cdk8s.")]
    public bool Startup { get; init; }

    [CommandOption("--cdk8s <DIR>")]
    [Description("With --startup: a folder whose node_modules holds cdk8s and constructs; times cdk8s's synth of the reference set (7 objects per service) beside render.")]
    public string? Cdk8s { get; init; }

    [CommandOption("--install-cdk8s")]
    [Description("With --startup: install cdk8s and constructs with npm into --cdk8s DIR (default <temp>/picluster-cdk8s) when missing.")]
    public bool InstallCdk8s { get; init; }

    [CommandOption("--no-cold")]
    [Description("With --startup: skip the cold page-cache runs (they drop the whole machine's page cache; root only).")]
    public bool NoCold { get; init; }

    [CommandOption("--runs <R>")]
    [Description("Warm runs per size for the in-process table (median reported).")]
    [DefaultValue(5)]
    public int Runs { get; init; } = 5;
}

/// <summary>The render benchmark: validate + build + cluster rules + serialize + atomic write of synthetic clusters to a temporary folder, then the rules alone.</summary>
public sealed class BenchCommand : Command<BenchSettings>
{
    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Charts is { } charts) return ChartsBench.Run(charts, settings.Runs, TempRoot(settings));
        if (settings.Diff) return DiffBench.Run(settings.Services ?? 1000, settings.Runs, TempRoot(settings));
        if (settings.Startup) return StartupBench.Run(settings, TempRoot(settings));
        if (settings.Services is { } once)
        {
            var (files, ms) = RenderToTemp(SyntheticCluster.WithServices(once), TempRoot(settings));
            Console.WriteLine($"{once} services: {files} files in {ms:F1} ms");
            return 0;
        }

        var table = new Table().AddColumns("services", "files", "first run (ms)", $"median of {settings.Runs} (ms)", "µs per service");
        foreach (var n in new[] { 7, 1000, 2000 })
        {
            var cluster = SyntheticCluster.WithServices(n);
            var (files, cold) = RenderToTemp(cluster, TempRoot(settings));
            var warm = Enumerable.Range(0, settings.Runs).Select(_ => RenderToTemp(cluster, TempRoot(settings)).Ms).Order().ToList();
            var median = warm[warm.Count / 2];
            table.AddRow(n.ToString(), files.ToString(), cold.ToString("F1"), median.ToString("F1"), (median * 1000 / n).ToString("F0"));
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"Trees written under {TempRoot(settings)}.");

        // The cluster rules alone (already part of every render above), on the tree render hands them.
        var rules = new Table().AddColumns("services", "objects", "findings", "first run (ms)", $"cluster rules, median of {settings.Runs} (ms)");
        foreach (var n in new[] { 7, 1000, 2000 })
        {
            var (objects, findings, cold, median) = TimeRules(SyntheticCluster.WithServices(n), settings.Runs);
            rules.AddRow(n.ToString(), objects.ToString(), findings.ToString(), cold.ToString("F1"), median.ToString("F1"));
        }
        AnsiConsole.Write(rules);
        return 0;
    }

    /// <summary>ClusterRules.Check over the built tree (JSON already made, as in render): objects, findings, first and median ms.</summary>
    public static (int Objects, int Findings, double Cold, double Median) TimeRules(ClusterDefinition cluster, int runs)
    {
        var tree = RenderedTree.FromFiles(ClusterRenderer.Build(cluster).Select(f => (f.Path, f.Documents.Select(ManifestSerializer.ToJson))).ToList()
            .Select(f => (f.Path, (IEnumerable<System.Text.Json.Nodes.JsonNode>)f.Item2.ToList())));
        double Once(out int findings)
        {
            var clock = Stopwatch.StartNew();
            findings = ClusterRules.Check(cluster, tree).Count;
            return clock.Elapsed.TotalMilliseconds;
        }
        var cold = Once(out var count);
        var warm = Enumerable.Range(0, Math.Max(1, runs)).Select(_ => Once(out _)).Order().ToList();
        return (tree.Objects.Count, count, cold, warm[warm.Count / 2]);
    }

    private static string TempRoot(BenchSettings settings) =>
        settings.Temp ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());

    private static (int Files, double Ms) RenderToTemp(ClusterDefinition cluster, string root)
    {
        var dir = Path.Combine(root, "picluster-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clock = Stopwatch.StartNew();
            var files = ClusterRenderer.Render(cluster);
            TreeWriter.Write(files, Path.Combine(dir, "rendered"));
            return (files.Count, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
