using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Rules;

namespace PiCluster.UnitTests.Day2;

/// <summary>A minor upgrade end to end starts with render: the model at the next minor must render (issue 18, B2).</summary>
public sealed class NextMinorRenderTests
{
    private static ClusterDefinition At(string version) =>
        HomeCluster.Definition with { Kubernetes = HomeCluster.Definition.Kubernetes with { Version = version, PackageBranch = "v3.25" } };

    private static string EtcdBackup(IReadOnlyList<RenderedText> files) =>
        files.Single(f => f.Path.EndsWith("etcd-backup/etcd-backup.yaml", StringComparison.Ordinal)).Content;

    [Fact]
    public void The_model_at_1_37_renders_with_kubeadms_etcd_for_1_37_and_no_warning()
    {
        var warnings = new List<RuleFinding>();

        var files = ClusterRenderer.Render(At("v1.37.0"), warnings: warnings);

        Assert.Contains("image: registry.k8s.io/etcd:3.7.0-0\n", EtcdBackup(files));
        Assert.DoesNotContain(warnings, w => w.Rule == TreeRuleIds.EtcdVersion);
    }

    [Fact]
    public void A_minor_the_table_does_not_know_renders_with_the_nearest_etcd_and_a_PI1011_warning()
    {
        var warnings = new List<RuleFinding>();

        var files = ClusterRenderer.Render(At("v1.38.0"), warnings: warnings);

        Assert.Contains("image: registry.k8s.io/etcd:3.7.0-0\n", EtcdBackup(files));
        var warning = Assert.Single(warnings.Where(w => w.Rule == TreeRuleIds.EtcdVersion).DistinctBy(w => w.Object));
        Assert.Equal(RuleSeverity.Warning, warning.Severity);
        Assert.Contains("no etcd version known for Kubernetes 1.38", warning.Message);
        Assert.Contains("CronJob", warning.Object);
    }

    [Fact]
    public void Upgrade_dry_run_scripts_at_1_37_work()
    {
        var (code, output) = BootstrapTool.Run(At("v1.37.0"), TestPaths.Checkout, "upgrade", "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        Assert.Contains("kubeadm upgrade apply \"$VERSION\" --yes", output);
        Assert.Contains("VERSION=v1.37.0", output);
    }
}
