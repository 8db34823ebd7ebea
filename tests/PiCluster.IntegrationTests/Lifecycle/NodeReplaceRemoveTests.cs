using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Lifecycle;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.IntegrationTests.Lifecycle;

/// <summary>
/// node replace / node remove on three loopback sshd nodes brought up by the real nodes and kubeadm phases (FAKE
/// kubeadm/kubectl: Nodes and Pods as files, drain with PodDisruptionBudgets as issue 18's fake has them).
/// </summary>
public sealed class NodeReplaceRemoveTests
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    private static async Task<TestCluster> ClusterAsync()
    {
        var cluster = await TestCluster.StartAsync(3);
        var up = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm]);
        Assert.True(up.Succeeded, string.Join("\n", up.Failures));
        return cluster;
    }

    private static string Pods(TestCluster cluster, string node) => Path.Combine(cluster.Fixture.ClusterState, "pods", node);

    private static void Pod(TestCluster cluster, string node, string id, string words)
    {
        Directory.CreateDirectory(Pods(cluster, node));
        File.WriteAllText(Path.Combine(Pods(cluster, node), id), words);
    }

    private static bool Registered(TestCluster cluster, string node) => File.Exists(Path.Combine(cluster.Fixture.ClusterState, "nodes", node));

    /// <summary>The old card is gone: its kubelet stopped posting (NotReady) and the Pi does not answer.</summary>
    private static void Die(TestNode node)
    {
        File.WriteAllText(node.RootPath("fake/kubelet-notready"), "");
        node.Kill();
    }

    /// <summary>A new card, written by `bootstrap card` with the pinned host key, booted in the same Pi.</summary>
    private static async Task NewCardAsync(TestNode node)
    {
        foreach (var entry in new DirectoryInfo(node.Root).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo { Name: "fake" } fake)
            {
                foreach (var inner in fake.EnumerateFileSystemInfos()) Remove(inner);
            }
            else
            {
                Remove(entry);
            }
        }
        FakeBinaries.Install(node);
        if (!node.IsRunning) await node.StartAsync();
    }

    private static void Remove(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo directory && entry.LinkTarget is null) directory.Delete(recursive: true);
        else entry.Delete();
    }

    [Fact]
    public async Task A_dead_worker_is_deleted_without_a_drain_its_pods_force_deleted_and_its_new_card_joins_with_the_same_host_key()
    {
        await using var cluster = await ClusterAsync();
        var knownHosts = File.ReadAllText(cluster.Fixture.KnownHosts);
        Pod(cluster, "pi2", "default_web-7d9f", "owner=Deployment");
        Pod(cluster, "pi2", "kube-flannel_kube-flannel-ds-x2", "owner=DaemonSet");
        var pi1Changes = FakeBinaries.Changes(cluster["pi1"]);
        Die(cluster["pi2"]);

        // Before the new card boots: the API side is done, then the dead Pi is named.
        var observer = new RecordingObserver();
        var first = await cluster.RunAsync([new NodeReplacePhase("pi2", DrainTimeout)], observer: observer);
        var unreachable = Assert.Single(first.Failures);
        Assert.Equal(("pi2", "new-card"), (unreachable.Node, unreachable.Step));
        Assert.Contains(observer.Finished, f => f is { Node: "pi0", Step: "drain pi2", Outcome: StepOutcome.Skipped });
        Assert.Contains(observer.Finished, f => f is { Node: "pi0", Step: "delete-node pi2", Outcome: StepOutcome.Done });
        Assert.Contains(observer.Finished, f => f is { Node: "pi0", Step: "force-delete-pods pi2", Outcome: StepOutcome.Done });
        Assert.False(Registered(cluster, "pi2"));
        Assert.Empty(Directory.GetFiles(Pods(cluster, "pi2")));
        var calls = File.ReadAllText(cluster["pi0"].RootPath("fake/calls.log"));
        Assert.DoesNotContain("drain pi2", calls);
        Assert.Contains("delete pod --namespace default web-7d9f --force --grace-period=0", calls);
        Assert.Contains("delete pod --namespace kube-flannel kube-flannel-ds-x2 --force --grace-period=0", calls);

        await NewCardAsync(cluster["pi2"]);
        Assert.Contains("pi2", unreachable.Message);
        var second = await cluster.RunAsync([new NodeReplacePhase("pi2", DrainTimeout)], observer: observer);

        Assert.True(second.Succeeded, string.Join("\n", second.Failures));
        Assert.True(Registered(cluster, "pi2"));
        Assert.Contains(observer.Finished, f => f is { Node: "pi2", Step: "kubeadm-join", Outcome: StepOutcome.Done });
        Assert.Contains(observer.Finished, f => f is { Node: "pi2", Step: "node-ready" } && f.Outcome != StepOutcome.Failed);
        Assert.Contains(FakeBinaries.Changes(cluster["pi2"]), c => c.StartsWith("reboot", StringComparison.Ordinal));
        // The pinned key: known_hosts is as before, and the other worker was never touched.
        Assert.Equal(knownHosts, File.ReadAllText(cluster.Fixture.KnownHosts));
        Assert.Equal(pi1Changes, FakeBinaries.Changes(cluster["pi1"]));

        var again = await cluster.RunAsync([new NodeReplacePhase("pi2", DrainTimeout)]);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
    }

    [Fact]
    public async Task A_running_worker_is_drained_first_and_its_old_card_is_not_prepared_again()
    {
        await using var cluster = await ClusterAsync();
        Pod(cluster, "pi2", "default_web-5c6d", "owner=Deployment");
        Pod(cluster, "pi2", "kube-flannel_kube-flannel-ds-y7", "owner=DaemonSet");
        var pi2Changes = FakeBinaries.Changes(cluster["pi2"]);

        // Without --running, a worker whose Node is the card in it has nothing to replace.
        var nothing = await cluster.RunAsync([new NodeReplacePhase("pi2", DrainTimeout)]);
        Assert.True(nothing.Succeeded, string.Join("\n", nothing.Failures));
        Assert.Equal(0, nothing.Actions);
        Assert.True(Registered(cluster, "pi2"));

        var first = await cluster.RunAsync([new NodeReplacePhase("pi2", DrainTimeout, running: true)]);

        var oldCard = Assert.Single(first.Failures);
        Assert.Equal(("pi2", "new-card"), (oldCard.Node, oldCard.Step));
        Assert.Contains("still runs its old card", oldCard.Message);
        Assert.Contains("drain pi2", File.ReadAllText(cluster["pi0"].RootPath("fake/calls.log")));
        // Evicted by the drain, its Deployment's Pod runs elsewhere; the DaemonSet Pod left was force-deleted with the Node.
        Assert.Contains(Directory.GetFiles(Path.Combine(cluster.Fixture.ClusterState, "pods"), "default_web-5c6d", SearchOption.AllDirectories), f => !f.Contains("/pi2/", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Pods(cluster, "pi2")));
        Assert.Equal(pi2Changes, FakeBinaries.Changes(cluster["pi2"]));

        await NewCardAsync(cluster["pi2"]);
        var second = await cluster.RunAsync([new NodeReplacePhase("pi2", DrainTimeout, running: true)]);
        Assert.True(second.Succeeded, string.Join("\n", second.Failures));
        Assert.True(Registered(cluster, "pi2"));
        Assert.False(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "cordoned", "pi2")), "the new Node is schedulable");
    }

    [Fact]
    public async Task Remove_drains_deletes_and_resets_a_reachable_worker_and_skips_the_reset_of_a_dead_one()
    {
        await using var cluster = await ClusterAsync();
        Pod(cluster, "pi1", "default_api-1", "owner=Deployment");

        var removed = await cluster.RunAsync([new NodeRemovePhase("pi1", DrainTimeout)]);

        Assert.True(removed.Succeeded, string.Join("\n", removed.Failures));
        Assert.False(Registered(cluster, "pi1"));
        Assert.Contains("kubeadm reset", string.Join("\n", FakeBinaries.Changes(cluster["pi1"])));
        Assert.False(File.Exists(cluster["pi1"].RootPath("etc/kubernetes/kubelet.conf")));
        Assert.Contains(Directory.GetFiles(Path.Combine(cluster.Fixture.ClusterState, "pods"), "default_api-1", SearchOption.AllDirectories), f => !f.Contains("/pi1/", StringComparison.Ordinal));
        var again = await cluster.RunAsync([new NodeRemovePhase("pi1", DrainTimeout)]);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);

        Die(cluster["pi2"]);
        var dead = await cluster.RunAsync([new NodeRemovePhase("pi2", DrainTimeout)]);
        Assert.True(dead.Succeeded, string.Join("\n", dead.Failures));
        Assert.False(Registered(cluster, "pi2"));
    }

    [Fact]
    public void The_control_plane_and_unknown_nodes_are_refused_as_bad_input()
    {
        var controlPlane = Assert.Throws<BootstrapException>(() => LifecycleTarget.Of(PiCluster.Cluster.HomeCluster.Definition, "pi0"));
        Assert.Contains("rebuild-control-plane", controlPlane.Message);
        var unknown = Assert.Throws<BootstrapException>(() => LifecycleTarget.Of(PiCluster.Cluster.HomeCluster.Definition, "pi9"));
        Assert.Contains("pi9: no such node", unknown.Message);
    }
}
