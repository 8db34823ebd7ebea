using PiCluster.CommandLine;


namespace PiCluster.IntegrationTests.Charts;

/// <summary>
/// The --charts commands as a user runs them (in process, with the environment Program would pass): charts pull fills
/// the cache, validate --charts names a refused release, the empty cache says what to run, diff --charts shows a chart
/// bump, render --check --charts checks the fresh render.
/// </summary>
public sealed class ChartCommandsTests
{
    private static EnvironmentVariables Environment(TestChartRepository repository, string? charts = null) => new(name => name switch
    {
        "PATH" => Path.GetDirectoryName(repository.Helm),
        "PICLUSTER_SCHEMAS" => TestSchemas.Directory,
        "PICLUSTER_CHARTS" => charts,
        _ => null,
    });

    /// <summary>A git checkout with the cluster's tree committed and the schema pins validate and diff read.</summary>
    private static PiCluster.Render.Checkout CheckoutOf(TempDir temp, PiCluster.Cluster.Model.ClusterDefinition cluster)
    {
        var root = GitCheckout.Create(temp, cluster);
        Directory.CreateDirectory(Path.Combine(root, "schemas"));
        File.Copy(Path.Combine(TestPaths.RepoRoot, "schemas", "sources.tsv"), Path.Combine(root, "schemas", "sources.tsv"));
        return new PiCluster.Render.Checkout(root, cluster.Git);
    }

    [Fact]
    public void Charts_pull_then_validate_charts_expands_every_release_and_a_refused_value_fails_naming_the_release()
    {
        using var repository = TestChartRepository.AtHomeVersions();
        using var temp = new TempDir();
        var cluster = repository.Definition();
        var checkout = CheckoutOf(temp, cluster);
        var cache = temp.Sub("charts");
        var environment = Environment(repository, cache);

        var pull = RenderTool.Run(cluster, checkout, environment, "charts", "pull");

        Assert.Equal(ExitCodes.Ok, pull.Code);
        Assert.Contains("traefik 41.3.0 from " + repository.Url + ": downloaded", pull.Out);
        Assert.Contains($"4 chart(s) in {cache} (PICLUSTER_CHARTS): 4 downloaded, 0 already cached, 0 failed.", pull.Out);

        // The charts are cached but helm is not on PATH: bad input (exit 2) naming helm, before any chart is checked.
        var noHelmPath = temp.Sub("no-helm");
        Directory.CreateDirectory(noHelmPath);
        var noHelm = RenderTool.Run(cluster, checkout, new EnvironmentVariables(name => name == "PATH" ? noHelmPath : environment[name]), "validate", "--charts");
        Assert.True(noHelm.Code == ExitCodes.BadInput, noHelm.Output);
        Assert.Contains("helm is not on PATH", noHelm.Output);
        Assert.DoesNotContain("HelmRelease(s) expanded", noHelm.Output);

        var clean = RenderTool.Run(cluster, checkout, environment, "validate", "--charts");
        Assert.True(clean.Code == ExitCodes.Ok, clean.Output);
        Assert.Contains("4 HelmRelease(s) expanded into ", clean.Out);
        Assert.Contains("files and the charts' objects checked against", clean.Out);

        var headlamp = Path.Combine(checkout.Tree, "apps", "headlamp", "headlamp.yaml");
        File.WriteAllText(headlamp, File.ReadAllText(headlamp).Replace("  values:\n", "  values:\n    testApp:\n      replicas: 9\n", StringComparison.Ordinal));
        var refused = RenderTool.Run(cluster, checkout, environment, "validate", "--charts");

        Assert.Equal(ExitCodes.Failed, refused.Code);
        Assert.Contains("HelmRelease headlamp/headlamp (apps/headlamp/headlamp.yaml): chart headlamp 0.45.0 refused its values (helm template): Error: values don't meet the specifications of the schema(s)", refused.Out);
        Assert.Contains("/testApp/replicas", refused.Out);
        Assert.Contains("1 chart problem(s)", refused.Error);
    }

    [Fact]
    public void Offline_with_an_empty_cache_validate_charts_exits_2_naming_each_release_and_charts_pull()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0");
        using var temp = new TempDir();
        var cluster = repository.Definition("1.0.0");
        var checkout = CheckoutOf(temp, cluster);
        var empty = temp.Sub("empty");

        var run = RenderTool.Run(cluster, checkout, Environment(repository), "validate", "--charts", empty);

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("lacks the chart of 4 HelmRelease(s); nothing was checked", run.Error);
        Assert.Contains("HelmRelease monitoring/kube-prometheus-stack (apps/monitoring/kube-prometheus-stack.yaml): chart kube-prometheus-stack 1.0.0", run.Error);
        Assert.Contains($"dotnet run --project generators -- charts pull --charts {empty}", run.Error);
        Assert.Empty(repository.Server.Paths);
    }

    [Fact]
    public void Diff_charts_in_markdown_shows_a_chart_bump_as_changed_images_after_the_summary_and_render_check_charts_checks_the_fresh_render()
    {
        using var repository = TestChartRepository.HomeChartsAt("1.0.0", "1.1.0");
        using var temp = new TempDir();
        var before = repository.Definition("1.0.0");
        var after = repository.Definition("1.1.0");
        var checkout = CheckoutOf(temp, before);
        var environment = Environment(repository, temp.Sub("charts"));
        // The base side's charts come from the tree committed at HEAD, the new side's from the fresh render.
        Assert.Equal(ExitCodes.Ok, RenderTool.Run(after, checkout, environment, "charts", "pull", "--base", "HEAD").Code);

        var diff = RenderTool.Run(after, checkout, environment, "diff", "--base", "HEAD", "--charts", "--format", "markdown");

        Assert.True(diff.Code == ExitCodes.Ok, diff.Output);
        Assert.Contains("registry.example/picluster/test-app:1.0.0", diff.Out);
        Assert.Contains("<code>Deployment traefik/traefik-app</code>", diff.Out);
        Assert.Contains("registry.example/picluster/test-app:2.0.0", diff.Out);
        var summary = diff.Out.IndexOf("**Summary**", StringComparison.Ordinal);
        Assert.True(summary > 0 && summary < diff.Out.IndexOf("**Charts**", StringComparison.Ordinal), diff.Out);

        // render --check: the committed tree is the 1.0.0 one, so it is stale against the 1.1.0 definition; the charts of
        // the fresh render are checked all the same and clean.
        var check = RenderTool.Run(after, checkout, environment, "render", "--check", "--charts");
        Assert.Equal(ExitCodes.Failed, check.Code);
        Assert.Contains("is stale", check.Error);
        Assert.Contains("4 HelmRelease(s) expanded into ", check.Out);
        Assert.DoesNotContain("refused its values", check.Output);
    }

    [Fact]
    public void Render_charts_without_check_is_refused_before_anything_runs()
    {
        var run = RenderTool.Run("render", "--charts");

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("--charts works with --check", run.Output);
    }
}
