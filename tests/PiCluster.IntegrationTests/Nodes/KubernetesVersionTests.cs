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
    public async Task A_kubeadm_patch_upgrade_after_init_keeps_the_init_file_as_written_and_reports_upgrade_needed()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm])).Succeeded);
        var path = cluster["pi0"].RootPath(KubeadmConfigBuilder.RemotePath);
        var written = File.ReadAllText(path);
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "apk-offers"), "kubeadm 1.36.4-r0\nkubelet 1.36.4-r0\nkubectl 1.36.4-r0\ncontainerd 2.1.4-r0\n");
        Assert.Equal(0, SystemDiskTests.RunFake(cluster["pi0"], "apk", ["upgrade", "kubeadm"]).Code);

        var report = new StringWriter();
        var rerun = await cluster.RunAsync([BootstrapPhases.Kubeadm], report: report);

        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Equal(0, rerun.Actions);
        Assert.Equal(written, File.ReadAllText(path));
        Assert.Contains("kubernetesVersion: v1.36.3", written);
        Assert.Contains("pi0: kubeadm v1.36.4 is installed but the control plane runs v1.36.3: upgrade needed", report.ToString());
    }

    [Fact]
    public async Task FAKE_kubeadm_init_accepts_a_newer_patch_warns_above_its_minor_and_refuses_below_minor_minus_one_like_upstream()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        File.WriteAllText(node.RootPath("fake/kubeadm-version"), "v1.36.3\n");
        var config = node.RootPath("init.yaml");
        (int Code, string Error) Init(string version)
        {
            if (File.Exists(node.RootPath("etc/kubernetes/admin.conf"))) File.Delete(node.RootPath("etc/kubernetes/admin.conf"));
            File.WriteAllText(config, $"kubernetesVersion: {version}\ncontrolPlaneEndpoint: 192.168.50.132:6443\n---\nkind: KubeletConfiguration\ncgroupDriver: cgroupfs\n");
            var run = SystemDiskTests.RunFake(node, "kubeadm", ["init", "--config", config]);
            return (run.Code, run.Error);
        }

        var newerPatch = Init("v1.36.9");
        var newerMinor = Init("v1.37.0");
        var tooOld = Init("v1.34.2");

        Assert.Equal((0, ""), newerPatch);
        Assert.Equal(0, newerMinor.Code);
        Assert.Contains("[WARNING KubernetesVersion]: Kubernetes version is greater than kubeadm version", newerMinor.Error);
        Assert.Equal(1, tooOld.Code);
        Assert.Contains("only supports deploying clusters with the control plane version >= 1.35.0. Current version: v1.34.2", tooOld.Error);
    }

    [Fact]
    public void An_installed_kubeadm_of_another_minor_is_an_error_naming_both()
    {
        var step = new KubeadmConfigStep(PiCluster.Cluster.HomeCluster.Definition, PiCluster.Cluster.HomeCluster.Definition.Nodes[0]);

        var error = Assert.Throws<PiCluster.Bootstrap.Steps.StepFailedException>(() => step.Yaml("v1.37.0"));

        Assert.Contains("v1.37.0", error.Message);
        Assert.Contains("v1.36.1", error.Message);
    }
}
