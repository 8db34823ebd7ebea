using System.Diagnostics;
using System.Globalization;
using PiCluster.Cluster;
using PiCluster.Render.Charts;
using PiCluster.Render.Diff;
using PiCluster.Render.Rules;
using PiCluster.Render.Schemas;
using PiCluster.TestSupport;
using Spectre.Console;

namespace PiCluster.Render.Benchmarks;

/// <summary>
/// --charts DIR: `validate --charts` and `diff --charts` on the home cluster with a warm charts cache (every archive in
/// DIR already), in process, each run with a fresh expander (no helm output reused between runs). helm comes from PATH;
/// the schemas from PICLUSTER_SCHEMAS or the user cache.
/// </summary>
public static class ChartsBench
{
    public static int Run(string charts, int runs, string tempRoot)
    {
        var cluster = HomeCluster.Definition;
        var cache = new UserCacheFolder(Path.GetFullPath(charts), "--charts", FromOption: true);
        var schemas = TestSchemas.Pinned;
        var tree = RenderedTree.FromDirectory(TestPaths.Rendered);
        ChartExpander NewExpander() => new(cache, () => HelmTool.Locate(Environment.GetEnvironmentVariable), cluster.Kubernetes.Version);

        var phases = new[] { "helm template (expand)", "chart objects vs models + CRDs", "cluster rules (tree + charts)", "validate --charts total" };
        var times = phases.ToDictionary(p => p, _ => new List<double>());
        ChartCheckReport? report = null;
        var findings = 0;
        for (var run = 0; run <= runs; run++)
        {
            using var expander = NewExpander();
            var clock = Stopwatch.StartNew();
            var expansion = expander.Expand(tree);
            var expand = clock.Elapsed.TotalMilliseconds;
            var crds = tree.Objects.Concat(expansion.Objects).Select(o => o.Body).Where(ClusterScope.IsCrd).ToList();
            var problems = ChartObjectValidator.Validate(expansion.Objects, schemas, crds);
            var check = clock.Elapsed.TotalMilliseconds;
            findings = ClusterRules.Check(cluster, tree.With(expansion.Objects)).Count;
            var total = clock.Elapsed.TotalMilliseconds;
            report = new ChartCheckReport(expansion, tree, problems);
            if (run == 0)
            {
                Console.WriteLine($"validate --charts, first run (JIT, disk cache): {total:F0} ms");
                continue;
            }
            times[phases[0]].Add(expand);
            times[phases[1]].Add(check - expand);
            times[phases[2]].Add(total - check);
            times[phases[3]].Add(total);
        }
        Print(phases, times, runs);
        Console.WriteLine($"{report!.Expansion.Releases.Count} releases → {report.Expansion.Objects.Count} objects, {report.Expansion.HelmRuns} helm runs, {report.Problems.Count} schema problems, {findings} rule findings, {report.ReleaseErrors.Count} release errors.");

        // diff --charts: the home render committed, then a change to one release's values (Prometheus retention) compared.
        var dir = Path.Combine(tempRoot, "picluster-charts-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            DiffBench.CommitRender(dir, cluster);
            var changed = cluster with { Services = cluster.Services with { Monitoring = cluster.Services.Monitoring with { Retention = "8d" } } };
            var diffTimes = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                using var expander = NewExpander();
                var clock = Stopwatch.StartNew();
                var (result, labels) = WorkingTreeDiff.Run(dir, changed, "HEAD", chartDefaults: null, expander);
                _ = TextDiffFormat.Format(result, labels).Length + MarkdownDiffFormat.Format(result, labels).Length;
                var total = clock.Elapsed.TotalMilliseconds;
                if (run == 0)
                {
                    Console.WriteLine($"diff --charts, first run: {total:F0} ms; {result.Objects.Count} objects differ, {result.Unchanged} unchanged");
                    continue;
                }
                diffTimes.Add(total);
            }
            Print(["diff --charts total (both sides expanded, read base, render, compare, format)"], new Dictionary<string, List<double>> { ["diff --charts total (both sides expanded, read base, render, compare, format)"] = diffTimes }, runs);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    private static void Print(IEnumerable<string> phases, IReadOnlyDictionary<string, List<double>> times, int runs)
    {
        var table = new Table().AddColumns("phase", $"median of {runs} (ms)", "min (ms)", "max (ms)");
        foreach (var phase in phases)
        {
            var sorted = times[phase].Order().ToList();
            table.AddRow(phase, Ms(sorted[sorted.Count / 2]), Ms(sorted[0]), Ms(sorted[^1]));
        }
        AnsiConsole.Write(table);
    }

    private static string Ms(double ms) => ms.ToString("F0", CultureInfo.InvariantCulture);
}
