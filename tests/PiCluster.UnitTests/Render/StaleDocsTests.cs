namespace PiCluster.UnitTests.Render;

/// <summary>Issue 20 minor item: facts the docs had wrong, held to what the code does now.</summary>
public sealed class StaleDocsTests
{
    private static string Doc(string path) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, path));

    [Fact]
    public void Apps_doc_no_longer_claims_a_10_minute_apps_timeout_a_later_node_step_or_open_kubeadm_bind_addresses()
    {
        var apps = Doc("docs/apps.md");
        Assert.DoesNotContain("times out after 10 minutes while", apps);
        Assert.DoesNotContain("Node step (later issue)", apps);
        Assert.DoesNotContain("the kubeadm issue must set", apps);
        Assert.DoesNotContain("listen-metrics-urls=http://0.0.0.0:2381", apps);
        Assert.Contains("Read-only file system", apps);
        Assert.Contains("Alertmanager (issue 20 item 2)", apps);
    }

    [Fact]
    public void Rules_doc_names_the_namespaces_that_exist_and_the_real_test_paths()
    {
        var rules = Doc("docs/rules.md");
        Assert.DoesNotContain("`kube-*`", rules);
        Assert.DoesNotContain("tests/PiCluster.Tests/", rules);
        Assert.Contains("tests/PiCluster.UnitTests/Rules/ClusterRulesTests.cs", rules);
        Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, "tests/PiCluster.UnitTests/Rules/ClusterRulesTests.cs")));
        Assert.Contains("PI1010", rules);
        Assert.Contains("PI0015", rules);
    }

    [Fact]
    public void The_torrent_builder_names_only_scripts_the_pinned_image_has()
    {
        var torrent = Doc("generators/Render/Components/TorrentComponent.cs");
        Assert.DoesNotContain("04-overwrite.sh", torrent);
        Assert.DoesNotContain("image's one only sends rTorrent TERM", torrent);
    }
}
