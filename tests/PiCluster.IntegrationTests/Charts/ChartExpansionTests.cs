using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PiCluster.Cluster;
using PiCluster.Render;
using PiCluster.Render.Charts;
using PiCluster.Render.Diff;
using PiCluster.Render.Rules;

namespace PiCluster.IntegrationTests.Charts;

/// <summary>
/// --charts end to end with real helm (test.sh installs it) on the test chart served by a loopback chart repository:
/// pull and its digest check, expansion, what validate reports of a refused release and of a chart Service that misses
/// its pods, and the object-level diff of a chart bump.
/// </summary>
public sealed class ChartExpansionTests
{
    private static readonly string[] Home = [.. TestChartRepository.HomeCharts];

    private static RenderedTree TreeOf(PiCluster.Cluster.Model.ClusterDefinition cluster) =>
        RenderedTree.FromTexts(ClusterRenderer.Render(cluster).Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal)).Select(f => (f.Path, f.Content)));

    private static async Task<IReadOnlyList<PulledChart>> Pull(TestChartRepository repository, RenderedTree tree, string cache)
    {
        using var downloads = ChartDownloads.Create();
        return await ChartPull.RunAsync(ChartReleases.From(tree).Releases, new UserCacheFolder(cache, "--charts", true), downloads, CancellationToken.None);
    }

    [Fact]
    public async Task Pull_fills_the_cache_in_the_documented_layout_and_checks_each_archive_against_the_index_digest()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cache = temp.Sub("charts");
        var tree = TreeOf(repository.Definition("1.0.0"));

        var first = await Pull(repository, tree, cache);

        Assert.Equal(4, first.Count);
        Assert.All(first, p => Assert.Equal(PullOutcome.Downloaded, p.Outcome));
        var port = new Uri(repository.Url).Port;
        foreach (var name in Home)
        {
            // <host>:<port>/<path>/<chart>-<version>.tgz: the same bytes the repository serves, the digest its index names.
            var cached = Path.Combine(cache, $"127.0.0.1:{port}", "charts", $"{name}-1.0.0.tgz");
            Assert.Equal(File.ReadAllBytes(repository.ArchiveOf(name, "1.0.0")), File.ReadAllBytes(cached));
            Assert.Contains($"digest: {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(cached)))}", File.ReadAllText(Path.Combine(repository.Folder, "charts", "index.yaml")));
        }
        Assert.Single(repository.Server.Paths, "/charts/index.yaml");

        // A rerun reads the index again and downloads nothing.
        var downloadsBefore = repository.Server.Paths.Count(p => p.EndsWith(".tgz", StringComparison.Ordinal));
        var second = await Pull(repository, tree, cache);
        Assert.All(second, p => Assert.Equal(PullOutcome.AlreadyCached, p.Outcome));
        Assert.Equal(downloadsBefore, repository.Server.Paths.Count(p => p.EndsWith(".tgz", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_tampered_archive_is_refused_and_nothing_is_written_while_a_damaged_cached_copy_is_replaced()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cache = temp.Sub("charts");
        var tree = TreeOf(repository.Definition("1.0.0"));
        var port = new Uri(repository.Url).Port;
        var traefik = Path.Combine(cache, $"127.0.0.1:{port}", "charts", "traefik-1.0.0.tgz");
        var metallb = Path.Combine(cache, $"127.0.0.1:{port}", "charts", "metallb-1.0.0.tgz");
        Directory.CreateDirectory(Path.GetDirectoryName(metallb)!);
        File.WriteAllText(metallb, "a half-written download");
        repository.Tamper("traefik", "1.0.0");

        var pulled = await Pull(repository, tree, cache);

        var refused = Assert.Single(pulled, p => p.Outcome == PullOutcome.Failed);
        Assert.Equal("traefik", refused.First.Chart);
        Assert.Contains("does not match the index: expected sha256 ", refused.ToString());
        Assert.Contains("nothing was written", refused.ToString());
        Assert.False(File.Exists(traefik));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(traefik)!, "*.partial"));
        Assert.Equal(File.ReadAllBytes(repository.ArchiveOf("metallb", "1.0.0")), File.ReadAllBytes(metallb));
    }

    [Fact]
    public async Task Expansion_hands_helm_the_release_namespace_values_kube_version_and_the_crds_the_charts_install()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cluster = repository.Definition("1.0.0");
        var tree = TreeOf(cluster);
        await Pull(repository, tree, temp.Sub("charts"));
        using var expander = repository.Expander(temp.Sub("charts"), cluster);

        var expansion = expander.Expand(tree);

        Assert.Empty(expansion.Refused);
        var deployment = Assert.Single(expansion.Objects, o => o.Kind == "Deployment" && o.Name == "traefik-app");
        Assert.Equal("traefik", deployment.Namespace);
        Assert.Equal("infrastructure/controllers/traefik.yaml#traefik/templates/deployment.yaml", deployment.File);
        Assert.Equal(cluster.Kubernetes.Version, Json(deployment.Body["metadata"]?["annotations"]?["picluster.test/kube-version"]));
        // headlamp's copy ships the Widget CRD in crds/: --include-crds prints it, and every chart whose template asks
        // .Capabilities.APIVersions for it makes its Widget once --api-versions names it.
        Assert.Single(expansion.Objects, o => o.Kind == "CustomResourceDefinition" && o.Name == "widgets.picluster.test");
        Assert.Equal(4, expansion.Objects.Count(o => o.Kind == "Widget"));
        Assert.Contains("picluster.test/v1/Widget", expansion.ApiVersions);
        Assert.Equal("DaemonSet", expansion.Objects.Single(o => o.Name == "metallb-agent").Kind);
    }

    [Fact]
    public async Task A_value_the_charts_schema_refuses_and_a_template_fail_are_errors_naming_the_release_and_helms_message()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cluster = repository.Definition("1.0.0");
        await Pull(repository, TreeOf(cluster), temp.Sub("charts"));
        var tree = EditValues(cluster, "apps/headlamp/headlamp.yaml", values => values["testApp"] = new JsonObject { ["replicas"] = "two" });
        tree = EditValues(tree, "apps/monitoring/kube-prometheus-stack.yaml", values => values["testApp"] = new JsonObject { ["refuse"] = "no monitoring today" });
        using var expander = repository.Expander(temp.Sub("charts"), cluster);

        var report = ChartChecks.Run(tree, expander, TestSchemas.Pinned);

        Assert.Equal(2, report.ReleaseErrors.Count);
        var schema = Assert.Single(report.ReleaseErrors, e => e.StartsWith("HelmRelease headlamp/headlamp (apps/headlamp/headlamp.yaml): chart headlamp 1.0.0 refused its values", StringComparison.Ordinal));
        Assert.Contains("values don't meet the specifications of the schema", schema);
        Assert.Contains("replicas", schema);
        var fail = Assert.Single(report.ReleaseErrors, e => e.StartsWith("HelmRelease monitoring/kube-prometheus-stack", StringComparison.Ordinal));
        Assert.Contains("testApp.refuse: no monitoring today", fail);
        // The other releases are still expanded and checked.
        Assert.Contains(report.Tree.Objects, o => o.Name == "traefik-app" && o.Chart is not null);
    }

    [Fact]
    public async Task A_chart_Service_whose_selector_misses_the_charts_pods_is_PI1002_on_the_chart_object()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cluster = repository.Definition("1.0.0");
        await Pull(repository, TreeOf(cluster), temp.Sub("charts"));
        var tree = EditValues(cluster, "apps/headlamp/headlamp.yaml", values => values["testApp"] = new JsonObject { ["extraServiceSelector"] = new JsonObject { ["tier"] = "frontend" } });
        using var expander = repository.Expander(temp.Sub("charts"), cluster);

        var report = ChartChecks.Run(tree, expander, TestSchemas.Pinned);
        var findings = ClusterRules.Check(cluster, report.Tree);

        Assert.Empty(report.ReleaseErrors);
        Assert.Empty(report.Problems);
        var finding = Assert.Single(findings, f => f.Rule == TreeRuleIds.ServiceSelector);
        Assert.Equal(RuleSeverity.Error, finding.Severity);
        Assert.Equal("Service headlamp/headlamp-app", finding.Object);
        Assert.Equal("apps/headlamp/headlamp.yaml#headlamp/templates/service.yaml", finding.File);
        Assert.Contains("tier=frontend", finding.Message);
        // Without the edit the chart's Service finds its pods: no PI1002 at all.
        var clean = ChartChecks.Run(TreeOf(cluster), expander, TestSchemas.Pinned);
        Assert.DoesNotContain(ClusterRules.Check(cluster, clean.Tree), f => f.Rule == TreeRuleIds.ServiceSelector);
    }

    [Fact]
    public async Task PI1001_judges_the_real_chart_Deployment_behind_a_Local_LoadBalancer_Service_and_PI1007_the_charts_DaemonSets()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cluster = repository.Definition("1.0.0");
        await Pull(repository, TreeOf(cluster), temp.Sub("charts"));
        var tree = EditValues(cluster, "infrastructure/controllers/traefik.yaml", values => values["testApp"] = new JsonObject { ["serviceType"] = "LoadBalancer", ["externalTrafficPolicy"] = "Local" });
        using var expander = repository.Expander(temp.Sub("charts"), cluster);

        var findings = ClusterRules.Check(cluster, ChartChecks.Run(tree, expander, TestSchemas.Pinned).Tree);

        // The chart's Deployment has no affinity, so its pods may land on the control plane MetalLB never announces from.
        var placement = Assert.Single(findings, f => f.Rule == TreeRuleIds.LoadBalancerPlacement && f.Object == "Deployment traefik/traefik-app");
        Assert.Equal(("infrastructure/controllers/traefik.yaml#traefik/templates/deployment.yaml", "spec.template.spec.affinity"), (placement.File, placement.Field));
        Assert.Contains("Service traefik/traefik-app has externalTrafficPolicy Local", placement.Message);
        // The release's values (which carry an affinity for the chart's own keys) are not guessed at once the chart is expanded.
        Assert.DoesNotContain(findings, f => f.Rule == TreeRuleIds.LoadBalancerPlacement && f.Object.StartsWith("HelmRelease", StringComparison.Ordinal));
        // The controllers layer health-checks the Traefik release, whose chart makes a DaemonSet.
        Assert.Contains(findings, f => f.Rule == TreeRuleIds.FluxLayer && f.Severity == RuleSeverity.Warning && f.Message.Contains("DaemonSet traefik/traefik-agent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_chart_bump_shows_the_changed_image_of_the_charts_objects_in_diff()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0", "1.1.0");
        using var temp = new TempDir();
        var before = repository.Definition("1.0.0");
        var after = before with { Services = before.Services with { Dashboard = before.Services.Dashboard with { Chart = before.Services.Dashboard.Chart with { Version = "1.1.0" } } } };
        var checkout = GitCheckout.Create(temp, before);
        await Pull(repository, TreeOf(before), temp.Sub("charts"));
        await Pull(repository, TreeOf(after), temp.Sub("charts"));
        using var expander = repository.Expander(temp.Sub("charts"), after);

        var (result, labels) = WorkingTreeDiff.Run(checkout, after, "HEAD", chartDefaults: null, expander);

        var images = result.Summary.Where(f => f.Category == FactCategory.Image).Select(DiffWording.Fact).ToList();
        Assert.Contains("Deployment headlamp/headlamp-app spec.template.spec.containers[name=app].image: registry.example/picluster/test-app:1.0.0 → registry.example/picluster/test-app:2.0.0", images);
        Assert.Contains("DaemonSet headlamp/headlamp-agent spec.template.spec.containers[name=agent].image: registry.example/picluster/test-app:1.0.0 → registry.example/picluster/test-app:2.0.0", images);
        Assert.Contains(result.Summary, f => f.Category == FactCategory.Chart && f.Object.Display == "HelmRelease headlamp/headlamp");
        // Only headlamp's objects (and its release) change; the three other charts' objects are unchanged on both sides.
        Assert.All(result.Objects, o => Assert.Equal("headlamp", o.Id.Namespace));
        var text = TextDiffFormat.Format(result, labels);
        Assert.True(text.IndexOf("Summary", StringComparison.Ordinal) < text.IndexOf("Changed", StringComparison.Ordinal));
        Assert.Contains("chart objects compared too (--charts, helm v", text);
        Assert.Contains("(apps/headlamp/headlamp.yaml#headlamp/templates/deployment.yaml)", text);
    }

    [Fact]
    public void A_cache_filled_by_hand_with_helm_pull_into_the_documented_folders_expands_like_a_pulled_one()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cluster = repository.Definition("1.0.0");
        var folder = Path.Combine(temp.Sub("charts"), $"127.0.0.1:{new Uri(repository.Url).Port}", "charts");
        // helm pull -d does not create the folder (what the README's `mkdir -p … && helm pull …` is for).
        Assert.NotEqual(0, Shell.Run(repository.Helm, ["pull", "metallb", "--repo", repository.Url, "--version", "1.0.0", "-d", folder]).Code);
        Directory.CreateDirectory(folder);
        foreach (var name in Home)
        {
            var (code, output) = Shell.Run(repository.Helm, ["pull", name, "--repo", repository.Url, "--version", "1.0.0", "-d", folder]);
            Assert.True(code == 0, output);
        }
        using var expander = repository.Expander(temp.Sub("charts"), cluster);

        var expansion = expander.Expand(TreeOf(cluster));

        Assert.Empty(expansion.Refused);
        Assert.Equal(4, expansion.Releases.Count);
        Assert.Contains(expansion.Objects, o => o.Kind == "DaemonSet" && o.Name == "kube-prometheus-stack-agent");
    }

    [Fact]
    public void Offline_with_an_empty_cache_names_every_release_and_the_command_that_fills_it()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cluster = repository.Definition("1.0.0");
        using var expander = repository.Expander(temp.Sub("empty"), cluster);

        var error = Assert.Throws<ChartCacheException>(() => expander.Expand(TreeOf(cluster)));

        Assert.Contains($"The charts cache {temp.Sub("empty")} (--charts) lacks the chart of 4 HelmRelease(s); nothing was checked", error.Message);
        Assert.Contains("HelmRelease traefik/traefik (infrastructure/controllers/traefik.yaml): chart traefik 1.0.0 from " + repository.Url, error.Message);
        Assert.Contains($"dotnet run --project generators -- charts pull --charts {temp.Sub("empty")}", error.Message);
        Assert.Contains("helm pull ", error.Message);
        Assert.Empty(repository.Server.Paths);
    }

    /// <summary>The cluster's rendered tree with one HelmRelease's values edited (as a hand-edited copy of rendered/ would be).</summary>
    private static RenderedTree EditValues(PiCluster.Cluster.Model.ClusterDefinition cluster, string file, Action<JsonObject> edit) => EditValues(TreeOf(cluster), file, edit);

    private static RenderedTree EditValues(RenderedTree tree, string file, Action<JsonObject> edit)
    {
        var release = tree.Objects.Single(o => o.File == file && o.Kind == "HelmRelease");
        edit((JsonObject)release.Body["spec"]!["values"]!);
        return tree;
    }

    private static string? Json(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
