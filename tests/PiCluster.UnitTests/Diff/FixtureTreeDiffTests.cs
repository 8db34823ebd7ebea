using PiCluster.Render;
using PiCluster.Render.Diff;
using PiCluster.Render.Output;

namespace PiCluster.UnitTests.Diff;

/// <summary>Object-level diffs between the committed fixture trees Diff/Fixtures/base and Diff/Fixtures/head.</summary>
public class FixtureTreeDiffTests
{
    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Diff", "Fixtures", name);

    internal static SortedDictionary<string, string> Tree(string name) => TreeWriter.Read(Fixture(name));

    private static readonly DiffLabels Labels = new("rendered/ at base", "head");

    private static TreeComparison Compare(bool withChartDefaults = true) =>
        ClusterDiff.Compare(Tree("base"), Tree("head"), withChartDefaults ? ChartDefaults.FromFolder(Fixture("chart-defaults")) : null);

    private static ObjectDiff Object(TreeComparison result, string display) =>
        Assert.Single(result.Objects, o => o.Id.Display == display);

    private static List<string> Lines(TreeComparison result, string display) => DiffLines.For(Object(result, display)).ToList();

    [Fact]
    public void Objects_are_added_removed_and_changed_by_kind_namespace_and_name()
    {
        var result = Compare();
        var byKind = result.Objects.ToDictionary(o => o.Id.Display, o => o.Kind);
        Assert.Equal(
            new Dictionary<string, ChangeKind>
            {
                ["ConfigMap web/new-config"] = ChangeKind.Added,
                ["ConfigMap web/old-config"] = ChangeKind.Removed,
                ["Deployment web/web"] = ChangeKind.Changed,
                ["Service web/web"] = ChangeKind.Changed,
                ["Secret web/web-auth"] = ChangeKind.Changed,
                ["HelmRelease monitoring/kube-prometheus-stack"] = ChangeKind.Changed,
            },
            byKind);
        // Namespace web and the kustomization.yaml are the same on both sides.
        Assert.Equal(2, result.Unchanged);
        Assert.Equal([new FileDiff("README.md", ChangeKind.Changed)], result.OtherFiles);
        Assert.True(result.HasChanges);
    }

    [Fact]
    public void List_items_are_matched_by_name_so_reordering_and_inserting_change_only_what_changed()
    {
        var lines = Lines(Compare(), "Deployment web/web");
        Assert.Equal(
            [
                "spec.replicas: 1 → 2",
                "spec.template.spec.containers[name=app].env[name=B].value: \"2\" → \"3\"",
                "spec.template.spec.containers[name=app].env[name=C].name: (none) → C",
                "spec.template.spec.containers[name=app].env[name=C].value: (none) → \"0\"",
                "spec.template.spec.containers[name=app].image: nginx:1.27 → nginx:1.28",
                "spec.template.spec.containers: order app, sidecar → sidecar, app",
            ],
            lines);
    }

    [Fact]
    public void A_value_inside_a_HelmRelease_is_one_field_path_and_the_chart_bump_is_called_out()
    {
        var result = Compare();
        Assert.Equal(
            [
                "spec.chart.spec.version: 88.5.3 → 88.6.0",
                "spec.values.grafana.ingress.hosts[0]: grafana.local → grafana.home.arpa",
                "spec.values.prometheus.prometheusSpec.retention: 7d → 8d",
            ],
            Lines(result, "HelmRelease monitoring/kube-prometheus-stack"));
        var chart = Assert.Single(result.Summary, f => f.Category == FactCategory.Chart);
        Assert.Equal(("spec.chart.spec.version", "88.5.3", "88.6.0"), (chart.Path, DiffLines.Value(chart.Old), DiffLines.Value(chart.New)));
        Assert.Contains(result.Summary, f => f.Category == FactCategory.Host && DiffLines.Value(f.New) == "grafana.home.arpa");
    }

    [Fact]
    public void Values_are_compared_after_the_chart_defaults_merge_so_dropping_an_override_equal_to_the_default_is_no_change()
    {
        // grafana.replicas: 1 was removed from the release; the chart default is 1, so Helm renders the same.
        Assert.DoesNotContain(Lines(Compare(), "HelmRelease monitoring/kube-prometheus-stack"), l => l.Contains("grafana.replicas", StringComparison.Ordinal));
        // Without the defaults the same edit reads as a removed value.
        Assert.Contains("spec.values.grafana.replicas: 1 → (none)", Lines(Compare(withChartDefaults: false), "HelmRelease monitoring/kube-prometheus-stack"));
    }

    [Fact]
    public void The_summary_names_ports_replicas_and_images_that_change()
    {
        var facts = Compare().Summary.Select(f => $"{f.Category} {f.Object.Display} {f.Path}: {DiffLines.Value(f.Old)} → {DiffLines.Value(f.New)}").ToList();
        Assert.Contains("Port Service web/web spec.ports[name=http].port: 80 → 81", facts);
        Assert.Contains("Replicas Deployment web/web spec.replicas: 1 → 2", facts);
        Assert.Contains("Image Deployment web/web spec.template.spec.containers[name=app].image: nginx:1.27 → nginx:1.28", facts);
        Assert.DoesNotContain(facts, f => f.Contains("sidecar", StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_values_never_reach_either_format()
    {
        var result = Compare();
        Assert.Equal(["stringData.password: (value hidden) → (value hidden, changed)"], Lines(result, "Secret web/web-auth"));
        var outputs = TextDiffFormat.Format(result, Labels) + MarkdownDiffFormat.Format(result, Labels);
        Assert.DoesNotContain("fixture-", outputs, StringComparison.Ordinal);

        // An added Secret shows its keys only.
        var added = ClusterDiff.Compare(new Dictionary<string, string>(), Tree("head"));
        var addedText = TextDiffFormat.Format(added, Labels);
        Assert.Contains("stringData.password: (value hidden)", addedText);
        Assert.DoesNotContain("fixture-", addedText, StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_trees_have_no_changes_in_either_format()
    {
        var result = ClusterDiff.Compare(Tree("base"), Tree("base"));
        Assert.False(result.HasChanges);
        Assert.Empty(result.Summary);
        Assert.Equal(7, result.Unchanged);
        Assert.Equal("No changes: rendered/ at base matches head (7 objects).\n", TextDiffFormat.Format(result, Labels));
        Assert.Contains("No changes", MarkdownDiffFormat.Format(result, Labels));
    }

    [Fact]
    public void Text_format_puts_counts_and_summary_before_the_details()
    {
        var text = TextDiffFormat.Format(Compare(), Labels);
        var summary = text.IndexOf("\nSummary\n", StringComparison.Ordinal);
        var changed = text.IndexOf("\nChanged\n", StringComparison.Ordinal);
        Assert.StartsWith("Cluster diff: rendered/ at base → head\n4 changed, 1 added, 1 removed (2 unchanged); 1 other file changed\n", text);
        Assert.True(summary > 0 && changed > summary, text);
        Assert.Contains("  ~ HelmRelease monitoring/kube-prometheus-stack  (apps/monitoring/kube-prometheus-stack.yaml)\n      spec.chart.spec.version: 88.5.3 → 88.6.0\n", text);
        Assert.Contains("\nOther files (not applied to the cluster)\n  ~ README.md\n", text);
    }

    [Fact]
    public void A_moved_object_and_a_multi_line_value_are_shown_as_such()
    {
        const string before = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n  namespace: n\ndata:\n  run.sh: |\n    echo one\n    echo two\n    echo three\n";
        var after = before.Replace("echo two", "echo 2", StringComparison.Ordinal);
        var result = ClusterDiff.Compare(new Dictionary<string, string> { ["a.yaml"] = before }, new Dictionary<string, string> { ["b.yaml"] = after });
        var lines = DiffLines.For(Assert.Single(result.Objects));
        Assert.Equal("(file): a.yaml → b.yaml", lines[0]);
        Assert.Equal("data[\"run.sh\"]: (text, changed lines)", lines[1]);
        Assert.Contains("    -echo two", lines);
        Assert.Contains("    +echo 2", lines);
    }

    [Fact]
    public void Unnamed_list_items_are_aligned_so_a_changed_port_is_one_field_and_an_insert_is_one_item()
    {
        static string Service(string ports) => $"apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: n\nspec:\n  ports:\n{ports}";
        var result = ClusterDiff.Compare(
            new Dictionary<string, string> { ["s.yaml"] = Service("  - port: 53\n    protocol: UDP\n  - port: 80\n") },
            new Dictionary<string, string> { ["s.yaml"] = Service("  - port: 53\n    protocol: TCP\n  - port: 53\n    protocol: UDP\n  - port: 81\n") });
        Assert.Equal(
            [
                "spec.ports[0].port: (none) → 53",
                "spec.ports[0].protocol: (none) → TCP",
                "spec.ports[2].port: 80 → 81",
            ],
            DiffLines.For(Assert.Single(result.Objects)));
    }

    [Fact]
    public void Unparsable_yaml_is_compared_as_a_file_instead_of_failing()
    {
        var result = ClusterDiff.Compare(new Dictionary<string, string> { ["x.yaml"] = "a: [1\n" }, new Dictionary<string, string> { ["x.yaml"] = "a: [2\n" });
        Assert.Equal([new FileDiff("x.yaml", ChangeKind.Changed)], result.OtherFiles);
        Assert.Empty(result.Objects);
    }
}
