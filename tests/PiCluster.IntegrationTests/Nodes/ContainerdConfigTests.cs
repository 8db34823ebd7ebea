using PiCluster.Bootstrap.Run;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>The containerd-config step on a real sshd test node with FAKE apk, containerd and kubeadm (issue 10, item 4; issue 21, item 2).</summary>
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
    public async Task A_containerd_patch_upgrade_changes_nothing_and_restarts_nothing()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes])).Succeeded);
        var config = File.ReadAllText(node.RootPath("etc/containerd/config.toml"));
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "apk-offers"), "kubeadm 1.36.3-r0\nkubelet 1.36.3-r0\nkubectl 1.36.3-r0\ncontainerd 2.1.5-r1\n");

        Assert.Equal(0, SystemDiskTests.RunFake(node, "apk", ["upgrade", "containerd"]).Code);
        Assert.Contains("v2.1.5", SystemDiskTests.RunFake(node, "containerd", ["--version"]).Output);
        var changes = FakeBinaries.Changes(node);
        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Equal(0, rerun.Actions);
        Assert.Equal(config, File.ReadAllText(node.RootPath("etc/containerd/config.toml")));
        Assert.Equal(changes, FakeBinaries.Changes(node));
    }

    [Fact]
    public async Task A_file_an_older_bootstrap_wrote_with_versions_in_its_header_counts_as_done_when_its_settings_match()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes])).Succeeded);
        var path = node.RootPath("etc/containerd/config.toml");
        var settings = string.Join("\n", File.ReadAllLines(path).Where(l => !l.StartsWith('#')));
        File.WriteAllText(path, "# Written by picluster bootstrap for containerd 2.1.4 and kubeadm v1.36.3.\n" + settings + "\n");

        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.Equal(0, rerun.Actions);
        Assert.DoesNotContain("rc-service containerd restart", FakeBinaries.Changes(node));
    }

    [Fact]
    public async Task A_run_that_dies_after_the_new_file_is_in_place_still_restarts_containerd_on_the_next_run()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes])).Succeeded);
        var path = node.RootPath("etc/containerd/config.toml");
        var written = File.ReadAllText(path);
        // An operator's edit, then a run that writes the file back but dies before the restart (config dump fails).
        File.WriteAllText(path, "version = 3\n");
        File.WriteAllText(node.RootPath("fake/containerd-dump-fails"), "");
        var seen = FakeBinaries.Changes(node).Length;

        var died = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.Equal("containerd-config", Assert.Single(died.Failures).Step);
        Assert.Equal(written, File.ReadAllText(path));
        Assert.DoesNotContain("rc-service containerd restart", FakeBinaries.Changes(node).Skip(seen));
        File.Delete(node.RootPath("fake/containerd-dump-fails"));
        seen = FakeBinaries.Changes(node).Length;

        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Contains("rc-service containerd restart", FakeBinaries.Changes(node).Skip(seen));
        Assert.False(File.Exists(node.RootPath("var/lib/picluster/containerd-restart.pending")));
        Assert.Equal(0, (await cluster.RunAsync([BootstrapPhases.Nodes])).Actions);
    }

    [Fact]
    public async Task Containerd_1_7_is_refused_for_Kubernetes_1_36_naming_both_and_nothing_is_written()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "apk-offers"), "kubeadm 1.36.3-r0\nkubelet 1.36.3-r0\nkubectl 1.36.3-r0\ncontainerd 1.7.27-r0\n");

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("containerd-config", failure.Step);
        Assert.Contains("containerd 1.7.27 is too old for Kubernetes 1.36", failure.Message);
        Assert.Contains("2.0 or later", failure.Message);
        Assert.False(File.Exists(node.RootPath("etc/containerd/config.toml")));
    }

    [Fact]
    public async Task Containerd_1_7_with_Kubernetes_1_35_gets_a_version_2_config_and_a_running_containerd_is_restarted_after_a_change()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1,
            configure: d => d with { Kubernetes = d.Kubernetes with { Version = "v1.35.4" } });
        var node = cluster["pi0"];
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "apk-offers"), "kubeadm 1.35.4-r0\nkubelet 1.35.4-r0\nkubectl 1.35.4-r0\ncontainerd 1.7.27-r0\n");
        var first = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.True(first.Succeeded, string.Join("\n", first.Failures));
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
