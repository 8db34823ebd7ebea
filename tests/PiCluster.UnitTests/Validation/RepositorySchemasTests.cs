using PiCluster.Cluster;
using PiCluster.Render;
using PiCluster.Render.Output;
using PiCluster.Render.Validation;

namespace PiCluster.UnitTests.Validation;

/// <summary>The schemas validate uses live in the repository (schemas/) with their provenance, and cover the charts the cluster installs.</summary>
public sealed class RepositorySchemasTests
{
    [Fact]
    public void Every_stored_file_is_listed_in_sources_tsv_with_repo_commit_path_and_licence()
    {
        var listed = File.ReadAllLines(Path.Combine(TestPaths.Schemas, "sources.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToList();
        Assert.All(listed, row =>
        {
            Assert.Equal(6, row.Length);
            Assert.Matches("^[0-9a-f]{40}$", row[2]);
            Assert.False(string.IsNullOrWhiteSpace(row[5]), row[0] + " has no licence");
            Assert.True(File.Exists(Path.Combine(TestPaths.Schemas, row[0])), row[0] + " is listed but missing");
        });
        var stored = Directory.EnumerateFiles(TestPaths.Schemas, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestPaths.Schemas, f).Replace('\\', '/'))
            .Where(f => f is not ("SOURCES.md" or "sources.tsv" or "update.sh" or "helm-values/charts.json"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(stored, listed.Select(r => r[0]).Order(StringComparer.Ordinal));
        var sources = File.ReadAllText(Path.Combine(TestPaths.Schemas, "SOURCES.md"));
        Assert.All(listed, row => Assert.Contains($"| {row[0]} | {row[1]} | {row[3]} | {row[2]} |", sources));
    }

    [Fact]
    public void The_headlamp_release_is_checked_against_the_chart_values_schema()
    {
        using var temp = new TempDir();
        var outDir = temp.Sub("rendered");
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), outDir);
        var headlamp = Path.Combine(outDir, "apps", "headlamp", "headlamp.yaml");
        var text = File.ReadAllText(headlamp);
        Assert.Contains("    ingress:\n", text);
        File.WriteAllText(headlamp, text.Replace("    ingress:\n", "    replicaCount: 0\n    ingress:\n"));

        var problems = SchemaValidator.ValidateTree(outDir, TestPaths.Schemas);

        var problem = Assert.Single(problems);
        Assert.Equal(("apps/headlamp/headlamp.yaml", "HelmRelease", "$.spec.values.replicaCount"), (problem.File, problem.Kind, problem.JsonPath));
    }
}
