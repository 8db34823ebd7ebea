using System.Diagnostics;
using LibGit2Sharp;
using PiCluster.Cluster.Model;
using PiCluster.Render.Diff;
using PiCluster.Render.Output;
using PiCluster.TestSupport;
using Spectre.Console;

namespace PiCluster.Render.Benchmarks;

/// <summary>--diff: each phase of `diff` on a synthetic cluster whose render is committed in a temporary git repository.</summary>
public static class DiffBench
{
    public static int Run(int services, int runs, string tempRoot)
    {
        var dir = Path.Combine(tempRoot, "picluster-diff-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cluster = SyntheticCluster.WithServices(services);
            CommitRender(dir, cluster);
            // The change under review: Prometheus keeps a day longer and one app moves to a new image.
            var apps = cluster.Services.WebApps.ToList();
            if (apps.Count > 0) apps[0] = apps[0] with { Image = apps[0].Image with { Tag = apps[0].Image.Tag + "-next" } };
            var changed = cluster with { Services = cluster.Services with { Monitoring = cluster.Services.Monitoring with { Retention = "8d" }, WebApps = apps } };

            var phases = new[] { "read base from git", "render (in memory)", "compare objects", "format text + markdown", "total" };
            var times = phases.ToDictionary(p => p, _ => new List<double>());
            TreeComparison? result = null;
            for (var run = 0; run <= runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var baseTree = GitBaseTree.Read(dir, "HEAD", cluster.Git.Path, cluster.Git.Branch);
                var read = clock.Elapsed.TotalMilliseconds;
                var fresh = ClusterRenderer.Render(changed).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
                var render = clock.Elapsed.TotalMilliseconds;
                result = ClusterDiff.Compare(baseTree.Files, fresh);
                var compare = clock.Elapsed.TotalMilliseconds;
                var labels = new DiffLabels(baseTree.Label, WorkingTreeDiff.NewLabel);
                _ = TextDiffFormat.Format(result, labels).Length + MarkdownDiffFormat.Format(result, labels).Length;
                var total = clock.Elapsed.TotalMilliseconds;
                // The first run pays for JIT and is reported apart.
                if (run == 0)
                {
                    Console.WriteLine($"first run: {total:F0} ms");
                    continue;
                }
                times[phases[0]].Add(read);
                times[phases[1]].Add(render - read);
                times[phases[2]].Add(compare - render);
                times[phases[3]].Add(total - compare);
                times[phases[4]].Add(total);
            }
            var table = new Table().AddColumns("phase", $"median of {runs} (ms)");
            foreach (var phase in phases)
            {
                var sorted = times[phase].Order().ToList();
                table.AddRow(phase, sorted[sorted.Count / 2].ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"{services} services, {result!.Objects.Count} objects differ, {result.Unchanged} unchanged.");
            return 0;
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                // libgit2 writes pack and object files read-only.
                foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) File.SetAttributes(file, FileAttributes.Normal);
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    internal static void CommitRender(string dir, ClusterDefinition cluster)
    {
        Repository.Init(dir);
        using var repo = new Repository(dir);
        TreeWriter.WriteAll(ClusterRenderer.Render(cluster), Path.Combine(dir, cluster.Git.Path));
        LibGit2Sharp.Commands.Stage(repo, "*");
        var signature = new Signature("bench", "bench@example.invalid", DateTimeOffset.UnixEpoch);
        repo.Commit("synthetic render", signature, signature);
    }
}
