using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Run;
using PiCluster.CommandLine;
using PiCluster.Bootstrap.Steps;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster.Model;

namespace PiCluster.IntegrationTests.Day2;

/// <summary>`bootstrap upgrade` on six real sshd test nodes with FAKE apk, kubeadm, kubectl and rc-service.</summary>
public sealed class UpgradeTests
{
    private static readonly string[] Workers = ["pi1", "pi2", "pi3", "pi4", "pi5"];

    private static async Task<(UpgradeRun Run, RunReport Report)> UpgradeAsync(TestCluster cluster, ClusterDefinition definition, TimeSpan? drainTimeout = null)
    {
        var inputs = Day2Cluster.Inputs(cluster, definition);
        var run = await UpgradePlanner.DecideAsync(inputs, cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name), null, CancellationToken.None);
        var runner = Day2Cluster.Runner(cluster, inputs);
        var plan = runner.Plan([UpgradePlanner.PhaseFor(run, drainTimeout ?? TimeSpan.FromSeconds(30))], null);
        return (run, await runner.RunAsync(plan, new RecordingObserver(), CancellationToken.None));
    }

    /// <summary>The events about one node: its own, and the control plane's drain/uncordon/ready of it.</summary>
    private static List<(int Index, string What)> About(IReadOnlyList<string> events, string node) =>
        [.. events.Select((line, i) => (i, line)).Where(e => e.line.StartsWith(node + " ", StringComparison.Ordinal) || e.line.EndsWith(" " + node, StringComparison.Ordinal))];

    private static int First(IReadOnlyList<string> events, string text)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] == text) return i;
        }
        throw new Xunit.Sdk.XunitException($"no event \"{text}\" in:\n{string.Join("\n", events)}");
    }

    [Fact]
    public async Task A_minor_upgrade_finishes_the_control_plane_then_upgrades_workers_one_at_a_time_each_drained_around_its_kubelet_restart()
    {
        await using var cluster = await Day2Cluster.UpAsync();
        Day2Cluster.Pod(cluster, "pi1", "default", "web-7d4f9", "owner=Deployment");
        Day2Cluster.Pod(cluster, "pi2", "kube-flannel", "kube-flannel-ds-x2", "owner=DaemonSet");
        var definition = Day2Cluster.WithVersion(cluster, "v1.37.0", "v3.25");
        var kubeconfigBefore = File.ReadAllText(cluster.Kubeconfig);
        var setup = Day2Cluster.Events(cluster).Count;

        var (run, report) = await UpgradeAsync(cluster, definition);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        var k = Assert.IsType<KubernetesUpgradeRun>(run);
        Assert.Equal(("v1.36.3", "v1.37.2", "minor"), (k.Running.ToString(), k.Target.ToString(), k.Kind));
        var events = Day2Cluster.Events(cluster).Skip(setup).ToList();
        // pi0 completely first: apply, drain, kubelet, Ready, uncordon — before any worker is touched.
        var pi0 = new[] { "pi0 upgrade apply v1.37.2", "pi0 drain pi0", "pi0 restart kubelet v1.37.2", "pi0 ready pi0", "pi0 uncordon pi0" }.Select(e => First(events, e)).ToList();
        Assert.Equal(pi0.Order(), pi0);
        var firstWorker = Workers.Min(w => About(events, w).Min(e => e.Index));
        Assert.True(pi0[^1] < firstWorker, string.Join("\n", events));
        // Workers one at a time: each worker's events form one block, in definition order.
        var blocks = Workers.Select(w => (Start: About(events, w).Min(e => e.Index), End: About(events, w).Max(e => e.Index))).ToList();
        for (var i = 1; i < blocks.Count; i++) Assert.True(blocks[i - 1].End < blocks[i].Start, $"{Workers[i - 1]} and {Workers[i]} overlap:\n{string.Join("\n", events)}");
        foreach (var w in Workers)
        {
            var order = new[] { $"pi0 drain {w}", $"{w} apk add kubeadm 1.37.2-r0", $"{w} upgrade node v1.37.2", $"{w} apk add kubelet 1.37.2-r0", $"{w} restart kubelet v1.37.2", $"pi0 ready {w}", $"pi0 uncordon {w}" }
                .Select(e => First(events, e)).ToList();
            Assert.Equal(order.Order(), order);
            var node = cluster[w];
            Assert.Contains("kubeadm@k8s~1.37", File.ReadAllLines(node.RootPath("etc/apk/world")));
            Assert.Contains("kubelet@k8s~1.37", File.ReadAllLines(node.RootPath("etc/apk/world")));
            Assert.Contains("@k8s https://dl-cdn.alpinelinux.org/alpine/v3.25/community", File.ReadAllLines(node.RootPath("etc/apk/repositories")));
            Assert.Equal("v1.37.2", File.ReadAllText(node.RootPath("fake/kubelet-running")).Trim());
        }
        // The evicted Deployment pod came back elsewhere; the DaemonSet pod stayed.
        Assert.True(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "pods", "pi2", "kube-flannel_kube-flannel-ds-x2")));
        Assert.False(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "pods", "pi1", "default_web-7d4f9")));
        // Refreshed after the upgrade: pi0's kubeadm file and the workstation kubeconfig (apply renewed admin.conf).
        Assert.Contains("kubernetesVersion: v1.37.2", File.ReadAllText(cluster["pi0"].RootPath(KubeadmConfigBuilder.RemotePath)));
        Assert.NotEqual(kubeconfigBefore, File.ReadAllText(cluster.Kubeconfig));
        Assert.Contains("RkFLRS1DRVJULXJlbmV3ZWQt", File.ReadAllText(cluster.Kubeconfig));
        Assert.Empty(Directory.GetFiles(Path.Combine(cluster.Fixture.ClusterState, "cordoned")));

        // A second run changes nothing, and a node the operator cordoned on purpose stays cordoned (bootstrap uncordons
        // only what its own drain cordoned).
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "cordoned", "pi2"), "");
        var before = Day2Cluster.Events(cluster).Count;
        var (_, again) = await UpgradeAsync(cluster, definition);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
        Assert.Equal(before, Day2Cluster.Events(cluster).Count);
        Assert.True(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "cordoned", "pi2")), "pi2, cordoned by hand, stays cordoned");
    }

    [Fact]
    public async Task A_failure_on_pi3_stops_the_run_and_a_rerun_finishes_without_redoing_pi0_to_pi2()
    {
        await using var cluster = await Day2Cluster.UpAsync();
        var definition = Day2Cluster.WithVersion(cluster, "v1.37.0", "v3.25");
        File.WriteAllText(cluster["pi3"].RootPath("fake/fail-upgrade-node"), "");
        var setup = Day2Cluster.Events(cluster).Count;

        var (_, failed) = await UpgradeAsync(cluster, definition);

        var failure = Assert.Single(failed.Failures);
        Assert.Equal(("pi3", "upgrade-node"), (failure.Node, failure.Step));
        Assert.Contains("failed to download the kubelet configuration", failure.Message);
        var events = Day2Cluster.Events(cluster).Skip(setup).ToList();
        Assert.True(About(events, "pi4").Count == 0 && About(events, "pi5").Count == 0, string.Join("\n", Day2Cluster.Events(cluster)));
        Assert.True(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "cordoned", "pi3")), "pi3 stays drained");

        File.Delete(cluster["pi3"].RootPath("fake/fail-upgrade-node"));
        var (_, rerun) = await UpgradeAsync(cluster, definition);

        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        var done = rerun.Nodes.ToDictionary(n => n.Node, n => n.Done);
        Assert.All(new[] { "pi0", "pi1", "pi2" }, n => Assert.Equal(0, done[n]));
        var added = Day2Cluster.Events(cluster).Skip(setup + events.Count).ToList();
        Assert.DoesNotContain(added, e => e.Contains("upgrade apply", StringComparison.Ordinal) || new[] { "pi0", "pi1", "pi2" }.Any(n => e.EndsWith(" " + n, StringComparison.Ordinal) || e.StartsWith(n + " apk", StringComparison.Ordinal)));
        Assert.DoesNotContain("pi0 drain pi3", added); // pi3 was already drained when it failed
        Assert.Contains("pi3 upgrade node v1.37.2", added);
        Assert.Contains("pi0 uncordon pi5", added);
    }

    [Fact]
    public async Task A_patch_upgrade_takes_the_newest_patch_the_branch_offers_through_the_same_plan()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 3);
        Day2Cluster.Offer(cluster, "v3.24", "1.36.4-r0");
        var definition = Day2Cluster.WithVersion(cluster, "v1.36.4");
        var setup = Day2Cluster.Events(cluster).Count;

        var (run, report) = await UpgradeAsync(cluster, definition);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal("patch", Assert.IsType<KubernetesUpgradeRun>(run).Kind);
        var events = Day2Cluster.Events(cluster).Skip(setup).ToList();
        Assert.Contains("pi0 upgrade apply v1.36.4", events);
        Assert.Contains("pi2 upgrade node v1.36.4", events);
        Assert.True(First(events, "pi0 uncordon pi0") < First(events, "pi0 drain pi1"));
        Assert.Contains("@k8s https://dl-cdn.alpinelinux.org/alpine/v3.24/community", File.ReadAllLines(cluster["pi1"].RootPath("etc/apk/repositories")));
        Assert.Contains("kubeadm@k8s~1.36", File.ReadAllLines(cluster["pi1"].RootPath("etc/apk/world")));
        // 1.36.3 was installed and still satisfies ~1.36: only `apk add -u` moves it to 1.36.4 (apk-tools doc/apk-add.8.scd).
        foreach (var node in new[] { "pi0", "pi1", "pi2" })
        {
            foreach (var package in new[] { "kubeadm", "kubelet", "kubectl" })
                Assert.Equal("v1.36.4", File.ReadAllText(cluster[node].RootPath($"fake/{package}-version")).Trim());
        }
    }

    [Fact]
    public async Task An_apply_that_failed_after_writing_the_manifests_is_applied_again_on_rerun()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 2);
        var definition = Day2Cluster.WithVersion(cluster, "v1.37.0", "v3.25");
        // kubeadm writes the static-pod manifests, then fails in its post-upgrade tasks (ConfigMaps, addons).
        File.WriteAllText(cluster["pi0"].RootPath("fake/fail-upgrade-apply-post"), "");

        var (_, failed) = await UpgradeAsync(cluster, definition);

        var failure = Assert.Single(failed.Failures);
        Assert.Equal(("pi0", "upgrade-apply"), (failure.Node, failure.Step));
        Assert.Contains("v1.37.2", File.ReadAllText(cluster["pi0"].RootPath("etc/kubernetes/manifests/kube-apiserver.yaml")));
        Assert.Equal("v1.36.3", File.ReadAllText(Path.Combine(cluster.Fixture.ClusterState, "control-plane-version")).Trim());

        var (_, rerun) = await UpgradeAsync(cluster, definition);

        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Equal(2, Day2Cluster.Events(cluster).Count(e => e == "pi0 upgrade apply v1.37.2"));
        Assert.Equal("v1.37.2", File.ReadAllText(Path.Combine(cluster.Fixture.ClusterState, "control-plane-version")).Trim());
        Assert.Contains("kube-proxy v1.37.2", File.ReadAllText(Path.Combine(cluster.Fixture.ClusterState, "addons")));
    }

    [Fact]
    public async Task Skipping_a_minor_is_refused_as_bad_input_naming_the_minor_in_between_and_nothing_runs()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 2);
        var changes = cluster.Definition.Nodes.ToDictionary(n => n.Name, n => FakeBinaries.Changes(cluster[n.Name]));

        var error = await Assert.ThrowsAsync<BootstrapException>(() => UpgradeAsync(cluster, Day2Cluster.WithVersion(cluster, "v1.38.0", "v3.26")));

        Assert.IsAssignableFrom<BadInputException>(error);
        Assert.Contains("one minor at a time", error.Message);
        Assert.Contains("v1.37", error.Message);
        Assert.DoesNotContain(Day2Cluster.Events(cluster), e => !e.Contains(" apk add ", StringComparison.Ordinal));
        foreach (var node in cluster.Definition.Nodes) Assert.Equal(changes[node.Name], FakeBinaries.Changes(cluster[node.Name]));
    }

    [Fact]
    public async Task A_branch_without_the_target_minor_is_refused_naming_the_branch_that_has_it()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 1);

        var error = await Assert.ThrowsAsync<BootstrapException>(() => UpgradeAsync(cluster, Day2Cluster.WithVersion(cluster, "v1.37.0")));

        Assert.Contains("Alpine v3.24 community) offers 1.36.3-r0", error.Message);
        Assert.Contains("set KubernetesSettings.PackageBranch = \"v3.25\"", error.Message);
    }

    [Fact]
    public async Task A_PodDisruptionBudget_that_allows_no_eviction_stops_the_drain_after_its_timeout_and_the_node_stays_cordoned()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 3);
        Day2Cluster.Pod(cluster, "pi1", "adguard", "adguard-0", "owner=Deployment pdb");
        var definition = Day2Cluster.WithVersion(cluster, "v1.37.0", "v3.25");

        var (_, failed) = await UpgradeAsync(cluster, definition, TimeSpan.FromSeconds(6));

        var failure = Assert.Single(failed.Failures);
        Assert.Equal(("pi1", "drain"), (failure.Node, failure.Step));
        Assert.Contains("PodDisruptionBudget", failure.Message);
        Assert.True(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "cordoned", "pi1")));
        Assert.DoesNotContain(Day2Cluster.Events(cluster), e => e.StartsWith("pi1 upgrade node", StringComparison.Ordinal));
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget.", File.ReadAllText(Path.Combine(cluster.Fixture.LogFolder, "pi0.log")));

        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "pods", "pi1", "adguard_adguard-0"), "owner=Deployment");
        var (_, rerun) = await UpgradeAsync(cluster, definition, TimeSpan.FromSeconds(6));
        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
    }
}
