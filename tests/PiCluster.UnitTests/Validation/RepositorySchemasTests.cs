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

    [Fact]
    public void The_monitoring_release_is_checked_against_the_chart_defaults()
    {
        using var temp = new TempDir();
        var outDir = temp.Sub("rendered");
        TreeWriter.Write(ClusterRenderer.Render(HomeCluster.Definition), outDir);
        var monitoring = Path.Combine(outDir, "apps", "monitoring", "kube-prometheus-stack.yaml");
        var text = File.ReadAllText(monitoring);
        Assert.Contains("        retention: 7d\n", text);
        File.WriteAllText(monitoring, text.Replace("        retention: 7d\n", "        retension: 7d\n").Replace("    alertmanager:\n      enabled: false\n", "    alertmanager:\n      enabled: \"no\"\n"));

        var problems = SchemaValidator.ValidateTree(outDir, TestPaths.Schemas);

        Assert.Equal(
            [
                "$.spec.values.alertmanager.enabled: expected a boolean like the chart default, got string",
                "$.spec.values.prometheus.prometheusSpec.retension: unknown field \"retension\": not among the chart's default values (did you mean \"retention\"?)",
            ],
            problems.Select(p => $"{p.JsonPath}: {p.Message}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_helm_release_the_cluster_renders_has_a_values_schema_or_chart_defaults_stored()
    {
        var helm = Path.Combine(TestPaths.Schemas, "helm-values");
        var charts = ClusterRenderer.Render(HomeCluster.Definition)
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(f.Content, @"^kind: HelmRelease\n(?:.*\n)*?      chart: (\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline))
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["headlamp", "kube-prometheus-stack", "metallb", "traefik"], charts);
        Assert.All(charts, chart => Assert.True(
            File.Exists(Path.Combine(helm, chart + ".schema.json")) || File.Exists(Path.Combine(helm, chart + ".values.yaml")),
            $"schemas/helm-values has neither {chart}.schema.json nor {chart}.values.yaml: its values would go unchecked"));
    }
}
