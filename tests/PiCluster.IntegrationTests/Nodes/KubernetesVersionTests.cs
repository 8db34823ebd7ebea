using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Run;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>The Kubernetes minor vs what the Alpine repository offers, with FAKE apk and kubeadm (issue 10, item 5).</summary>
public sealed class KubernetesVersionTests
{
    [Fact]
    public async Task A_repository_without_the_models_minor_stops_the_packages_step_naming_release_minor_and_offer()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "apk-offers"), "kubeadm 1.35.1-r0\nkubelet 1.35.1-r0\nkubectl 1.35.1-r0\n");

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("packages", failure.Step);
        Assert.Contains("Alpine v3.24 offers kubeadm 1.35.1-r0", failure.Message);
        Assert.Contains("needs 1.36.x", failure.Message);
        Assert.DoesNotContain(FakeBinaries.Changes(cluster["pi0"]), c => c.StartsWith("apk add", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kubeadm_init_gets_the_version_of_the_kubeadm_apk_installed()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);

        var report = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal("v1.36.1", cluster.Definition.Kubernetes.Version);
        Assert.Contains("kubernetesVersion: v1.36.3", File.ReadAllText(cluster["pi0"].RootPath(KubeadmConfigBuilder.RemotePath)));
    }

    [Fact]
    public void An_installed_kubeadm_of_another_minor_is_an_error_naming_both()
    {
        var step = new KubeadmConfigStep(PiCluster.Cluster.HomeCluster.Definition, PiCluster.Cluster.HomeCluster.Definition.Nodes[0]);

        var error = Assert.Throws<PiCluster.Bootstrap.BootstrapException>(() => step.Yaml("v1.37.0"));

        Assert.Contains("v1.37.0", error.Message);
        Assert.Contains("v1.36.1", error.Message);
    }
}
