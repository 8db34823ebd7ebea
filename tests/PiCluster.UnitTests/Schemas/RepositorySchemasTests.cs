using PiCluster.Cluster;
using PiCluster.Render;
using PiCluster.Render.Output;
using PiCluster.Render.Schemas;

namespace PiCluster.UnitTests.Schemas;

/// <summary>
/// The repository holds only the facts that pin the upstream schemas (schemas/sources.tsv, SOURCES.md, update.sh); the
/// files come from the cache, and they cover the charts the cluster installs at the versions it installs.
/// </summary>
public sealed class RepositorySchemasTests
{
    [Fact]
    public void The_repository_holds_only_the_source_list_its_description_and_update_sh()
    {
        var folder = Path.Combine(TestPaths.RepoRoot, "schemas");

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal);

        Assert.Equal(["SOURCES.md", "sources.tsv", "update.sh"], files);
    }

    [Fact]
    public void Every_listed_file_has_repo_commit_path_licence_and_sha256_and_a_row_in_SOURCES_md()
    {
        var listed = TestSchemas.Sources.Files;
        var sources = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "schemas", "SOURCES.md"));

        Assert.Equal(44, listed.Count);
        Assert.All(listed, row =>
        {
            Assert.False(string.IsNullOrWhiteSpace(row.Licence), row.File + " has no licence");
            Assert.Contains($"| {row.File} | {row.Repository} | {row.UpstreamPath} | {row.Commit} |", sources);
        });
    }

    [Fact]
    public void The_chart_versions_pinned_for_the_values_files_are_the_ones_the_cluster_installs()
    {
        var installed = ClusterRenderer.Render(HomeCluster.Definition)
            .Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal))
            .SelectMany(f => YamlJson.LoadDocuments(f.Content))
            .Where(d => d?["kind"]?.GetValue<string>() == "HelmRelease")
            .Select(d => (Chart: d!["spec"]!["chart"]!["spec"]!["chart"]!.GetValue<string>(), Version: d["spec"]!["chart"]!["spec"]!["version"]!.GetValue<string>()))
            .Distinct()
            .Order()
            .ToList();

        Assert.Equal(
            installed,
            TestSchemas.Sources.Charts.Values.Select(p => (p.Chart, p.Version)).Order());
        Assert.Equal(
            ["crds", "grafana", "kube-state-metrics", "prometheus-node-exporter", "prometheus-windows-exporter"],
            TestSchemas.Sources.Charts["kube-prometheus-stack"].Subcharts.Order(StringComparer.Ordinal));
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

        var problems = SchemaValidator.ValidateTree(outDir, TestSchemas.Pinned);

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
        File.WriteAllText(monitoring, text.Replace("        retention: 7d\n", "        retension: 7d\n").Replace("      enabled: true\n    grafana:\n", "      enabled: \"no\"\n    grafana:\n"));

        var problems = SchemaValidator.ValidateTree(outDir, TestSchemas.Pinned);

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
        var helm = Path.Combine(TestSchemas.Directory, "helm-values");
        var charts = ClusterRenderer.Render(HomeCluster.Definition)
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(f.Content, @"^kind: HelmRelease\n(?:.*\n)*?      chart: (\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline))
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["headlamp", "kube-prometheus-stack", "metallb", "traefik"], charts);
        Assert.All(charts, chart => Assert.True(
            File.Exists(Path.Combine(helm, chart + ".schema.json")) || File.Exists(Path.Combine(helm, chart + ".values.yaml")),
            $"the schemas cache's helm-values has neither {chart}.schema.json nor {chart}.values.yaml: its values would go unchecked"));
    }
}
