using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>`bootstrap cluster` (nodes + kubeadm) against six real sshd test nodes with FAKE binaries.</summary>
public sealed class ClusterRunTests
{
    /// <summary>Steps of the nodes phase per node; steps after "packages" run again on pi3 in the sshd-stop test.</summary>
    private const int NodeSteps = 16;

    private const int StepsAfterPackages = 9;

    /// <summary>pi1 also creates Prometheus's local volume directory.</summary>
    private static int StepsOf(string node) => NodeSteps + (node == "pi1" ? 1 : 0);

    private const string OtherContext = """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: https://work.example:6443
            extension-we-do-not-model: keep-me
          name: work
        contexts:
        - context:
            cluster: work
            user: work-user
          name: work
        current-context: work
        users:
        - name: work-user
          user:
            token: work-token

        """;

    [Fact]
    public async Task A_full_run_on_six_nodes_brings_the_cluster_up_and_a_second_run_changes_nothing()
    {
        await using var cluster = await TestCluster.StartAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(cluster.Kubeconfig)!);
        File.WriteAllText(cluster.Kubeconfig, OtherContext);

        var first = await cluster.RunAsync(BootstrapPhases.Cluster);

        Assert.True(first.Succeeded, string.Join("\n", first.Failures));
        // nodes (NodeSteps per node) + kubeadm (5 acting on pi0 — init registers it untainted, so control-plane-taint only
        // checks —, 5 joins, ready) + flux (components, deploy key, sync; the fake reports Ready at once) + secrets
        // (4 credentials + the websecure TLS certificate + the alert receiver; no image pull Secret).
        Assert.Equal(6 * NodeSteps + 1 + 5 + 5 + 1 + 3 + 6, first.Actions);
        Assert.DoesNotContain(FakeBinaries.Changes(cluster["pi0"]), c => c.StartsWith("kubectl taint", StringComparison.Ordinal));
        foreach (var node in cluster.Definition.Nodes.Select(n => cluster[n.Name]))
        {
            var world = File.ReadAllLines(node.RootPath("etc/apk/world"));
            // apk-tools 3 writes the fuzzy pin back as "name~minor" (src/version.c).
            Assert.Contains("kubeadm@k8s~1.36", world);
            Assert.Contains("kubelet@k8s~1.36", world);
            Assert.Contains("kubectl@k8s~1.36", world);
            Assert.Empty(Directory.GetFiles(node.RootPath("media/mmcblk0p1"), "*.apkovl.tar.gz"));
            Assert.Contains("root=/dev/mmcblk0p2", File.ReadAllText(node.RootPath("media/mmcblk0p1/cmdline.txt")));
            Assert.StartsWith("/dev/mmcblk0p2 / ext4", File.ReadAllText(node.RootPath("proc/mounts")));
            Assert.Equal("kernel\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/boot/vmlinuz-rpi")));
            var fstab = File.ReadAllText(node.RootPath("mnt/etc/fstab"));
            Assert.Contains("/dev/mmcblk0p1 /media/mmcblk0p1 vfat", fstab);
            Assert.True(File.Exists(node.RootPath("etc/init.d/rshared")), "rshared service before containerd and kubelet");
            Assert.True(File.Exists(node.RootPath("mnt/etc/ssh/ssh_host_ed25519_key")), "host key carried to the system disk");
            Assert.True(File.Exists(node.RootPath("etc/kubernetes/kubelet.conf")));
            Assert.DoesNotContain(File.ReadAllLines(node.RootPath("etc/fstab")), l => l.Contains("swap", StringComparison.Ordinal));
            Assert.Contains(FakeBinaries.Changes(node), c => c.StartsWith("reboot", StringComparison.Ordinal));
        }
        var machineIds = cluster.Definition.Nodes.Select(n => File.ReadAllText(cluster[n.Name].RootPath("etc/machine-id")).Trim()).ToList();
        Assert.Equal(6, machineIds.Distinct().Count());
        Assert.All(machineIds, id => Assert.Matches("^[0-9a-f]{32}$", id));

        var kubeconfig = File.ReadAllText(cluster.Kubeconfig);
        Assert.Contains("extension-we-do-not-model: keep-me", kubeconfig);
        Assert.Contains("current-context: work", kubeconfig);
        Assert.Contains("name: home-k8s", kubeconfig);
        Assert.Contains("name: home-k8s-admin", kubeconfig);
        Assert.Contains($"server: https://{HomeClusterAddresses.NodesPi0Address}:6443", kubeconfig);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(cluster.Kubeconfig)!, "config.bak-*"));
        Assert.True(File.Exists(cluster.State.AdminKubeconfig));

        // The join token never reaches a local file (state folder, logs, kubeconfig).
        var tokens = File.ReadAllLines(Path.Combine(cluster.Fixture.ClusterState, "tokens"));
        Assert.Single(tokens);
        foreach (var file in Directory.EnumerateFiles(cluster.Repository, "*", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(cluster.Fixture.LogFolder)))
        {
            Assert.DoesNotContain(tokens[0], File.ReadAllText(file));
        }

        // bootstrap committed nothing (render is the one writer of rendered/); the generated secret values stayed out of Git.
        using (var repo = new LibGit2Sharp.Repository(cluster.Repository))
            Assert.Equal("Rendered tree", repo.Head.Tip.MessageShort);
        var generated = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(cluster.State.SecretsFile), "password: '([^']+)'").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, generated.Count);
        Flux.FluxAndSecretsPhaseTests.AssertNotUnderVersionControl(cluster.Repository, generated);

        // Flux has taken flannel over (server-side apply, kubectl's annotation and managers cleaned up): a client-side
        // diff would now always differ, so the rerun's flannel check must respect Flux's ownership.
        Assert.Equal("manager kustomize-controller\n",
            File.ReadAllText(Path.Combine(cluster.Fixture.ClusterState, "kube", "objects", "DaemonSet", "kube-flannel", "kube-flannel-ds.managers")));
        var changesBefore = cluster.Definition.Nodes.ToDictionary(n => n.Name, n => FakeBinaries.Changes(cluster[n.Name]));
        var second = await cluster.RunAsync(BootstrapPhases.Cluster);

        Assert.True(second.Succeeded, string.Join("\n", second.Failures));
        Assert.Equal(0, second.Actions);
        Assert.All(second.Nodes, n => Assert.Equal(0, n.Done));
        foreach (var node in cluster.Definition.Nodes)
        {
            Assert.Equal(changesBefore[node.Name], FakeBinaries.Changes(cluster[node.Name]));
        }
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(cluster.Kubeconfig)!, "config.bak-*"));

        // A patch upgrade of containerd and kubeadm on every node (what `apk upgrade` brings within the pinned minor):
        // no step acts, containerd is restarted nowhere, the init file stays as written, the drift is reported.
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "apk-offers"), "kubeadm 1.36.4-r0\nkubelet 1.36.4-r0\nkubectl 1.36.4-r0\ncontainerd 2.1.5-r0\n");
        var initFile = File.ReadAllText(cluster["pi0"].RootPath(PiCluster.Bootstrap.Kubeadm.KubeadmConfigBuilder.RemotePath));
        foreach (var node in cluster.Definition.Nodes)
        {
            Assert.Equal(0, SystemDiskTests.RunFake(cluster[node.Name], "apk", ["upgrade", "containerd", "kubeadm"]).Code);
        }
        var upgradedChanges = cluster.Definition.Nodes.ToDictionary(n => n.Name, n => FakeBinaries.Changes(cluster[n.Name]));
        var report = new StringWriter();
        var third = await cluster.RunAsync(BootstrapPhases.Cluster, report: report);

        Assert.True(third.Succeeded, string.Join("\n", third.Failures));
        Assert.Equal(0, third.Actions);
        foreach (var node in cluster.Definition.Nodes)
        {
            Assert.Equal(upgradedChanges[node.Name], FakeBinaries.Changes(cluster[node.Name]));
        }
        Assert.Equal(initFile, File.ReadAllText(cluster["pi0"].RootPath(PiCluster.Bootstrap.Kubeadm.KubeadmConfigBuilder.RemotePath)));
        Assert.Contains("pi0: kubeadm v1.36.4 is installed but the control plane runs v1.36.3: upgrade needed", report.ToString());
    }

    [Fact]
    public async Task A_node_whose_sshd_stops_mid_run_fails_clearly_and_a_rerun_after_restart_completes()
    {
        await using var cluster = await TestCluster.StartAsync();
        File.WriteAllText(cluster["pi3"].RootPath("fake/stop-sshd-on-apk-add"), "");

        var failed = await cluster.RunAsync(BootstrapPhases.Cluster);

        var failure = Assert.Single(failed.Failures);
        Assert.Equal(("pi3", "nodes", "packages"), (failure.Node, failure.Phase, failure.Step));
        Assert.Contains("lost while running", failure.Message);
        Assert.DoesNotContain(FakeBinaries.Changes(cluster["pi0"]), c => c.StartsWith("kubeadm", StringComparison.Ordinal));
        Assert.All(failed.Nodes.Where(n => n.Node != "pi3"), n => Assert.Equal(StepsOf(n.Node), n.Done));

        await cluster["pi3"].StartAsync();
        var rerun = await cluster.RunAsync(BootstrapPhases.Cluster);

        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        var done = rerun.Nodes.ToDictionary(n => n.Node, n => n.Done);
        Assert.Equal(5 + 1 + 3 + 6, done["pi0"]);  // acting kubeadm steps + nodes-ready + flux (3 acting steps) + secrets (4 + TLS + alert receiver); its nodes phase is all skipped
        Assert.Equal(StepsAfterPackages + 1, done["pi3"]);      // packages … services, then its join
        Assert.All(new[] { "pi1", "pi2", "pi4", "pi5" }, n => Assert.Equal(1, done[n]));
    }

    [Fact]
    public async Task A_host_key_mismatch_is_refused_and_no_command_runs_on_that_node()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        await cluster["pi1"].ReplaceHostKeyAsync();

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("pi1", "time-sync"), (failure.Node, failure.Step));
        Assert.Contains("HOST KEY MISMATCH", failure.Message);
        Assert.Empty(File.ReadAllText(cluster["pi1"].RootPath("fake/calls.log")));
        Assert.Equal(NodeSteps, report.Nodes.Single(n => n.Node == "pi0").Done);
    }

    [Fact]
    public async Task A_node_that_comes_back_from_its_reboot_with_another_host_key_is_refused()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        File.WriteAllText(cluster["pi0"].RootPath("fake/new-host-key-on-boot"), "");

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("pi0", "reboot"), (failure.Node, failure.Step));
        Assert.Contains("HOST KEY MISMATCH", failure.Message);
        Assert.DoesNotContain(File.ReadAllLines(cluster["pi0"].RootPath("fake/calls.log")), c => c.StartsWith("apk add", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_limits_the_run_to_one_node()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 3);

        var report = await cluster.RunAsync([BootstrapPhases.Nodes], only: "pi2");

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(["pi2"], report.Nodes.Select(n => n.Node));
        Assert.Empty(File.ReadAllText(cluster["pi0"].RootPath("fake/calls.log")));
        Assert.Equal(NodeSteps, report.Actions);
    }
}
