using PiCluster.Bootstrap.Run;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>The containerd-config step on a real sshd test node with FAKE containerd and kubeadm (issue 10, item 4).</summary>
public sealed class ContainerdConfigTests
{
    [Fact]
    public async Task Containerd_2_gets_a_version_3_config_with_alpines_cni_dir_cgroupfs_and_kubeadms_pause_image_verified_by_config_dump()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        var config = File.ReadAllText(node.RootPath("etc/containerd/config.toml"));
        Assert.Contains("version = 3", config);
        Assert.Contains("bin_dirs = ['/usr/libexec/cni']", config);
        Assert.Contains("conf_dir = '/etc/cni/net.d'", config);
        Assert.Contains("sandbox = 'registry.k8s.io/pause:3.10.1'", config);
        Assert.Contains("SystemdCgroup = false", config);
        var dump = SystemDiskTests.RunFake(node, "containerd", ["config", "dump"]).Output;
        Assert.Contains("/usr/libexec/cni", dump);

        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.Equal(0, rerun.Actions);
    }

    [Fact]
    public async Task Containerd_1_7_gets_a_version_2_config_and_a_running_containerd_is_restarted_after_a_change()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        File.WriteAllText(node.RootPath("fake/containerd-version"), "1.7.27");
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes])).Succeeded);
        var config = File.ReadAllText(node.RootPath("etc/containerd/config.toml"));
        Assert.Contains("version = 2", config);
        Assert.Contains("[plugins.\"io.containerd.grpc.v1.cri\".cni]", config);
        Assert.Contains("bin_dir = \"/usr/libexec/cni\"", config);

        // An operator's edit is put back and containerd restarted to read it.
        File.WriteAllText(node.RootPath("etc/containerd/config.toml"), "version = 2\n");
        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.Equal(1, rerun.Actions);
        Assert.Contains("rc-service containerd restart", FakeBinaries.Changes(node));
    }
}
