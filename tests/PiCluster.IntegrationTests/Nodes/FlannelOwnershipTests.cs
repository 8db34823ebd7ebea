using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>
/// Once Flux owns flannel, bootstrap's flannel step respects it (issue 21, item 3): FAKE kubectl whose FAKE Flux adopts the
/// rendered tree the way kustomize-controller's server-side apply does (fluxcd/pkg ssa cleanup of kubectl's annotation
/// and field managers).
/// </summary>
public sealed class FlannelOwnershipTests
{
    [Fact]
    public async Task After_Flux_adopts_flannel_reruns_change_nothing_and_a_missing_object_is_created_without_taking_the_rest_back()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var first = await cluster.RunAsync(BootstrapPhases.Cluster);
        Assert.True(first.Succeeded, string.Join("\n", first.Failures));
        var objects = Path.Combine(cluster.Fixture.ClusterState, "kube", "objects");
        var daemonSet = Path.Combine(objects, "DaemonSet", "kube-flannel", "kube-flannel-ds.managers");
        Assert.Equal("manager kustomize-controller\n", File.ReadAllText(daemonSet));

        var rerun = await cluster.RunAsync([BootstrapPhases.Kubeadm]);
        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Equal(0, rerun.Actions);

        // Someone deleted flannel's ServiceAccount: the step recreates it (kubectl create) and leaves Flux's objects alone.
        File.Delete(Path.Combine(objects, "ServiceAccount", "kube-flannel", "flannel"));
        File.Delete(Path.Combine(objects, "ServiceAccount", "kube-flannel", "flannel.managers"));
        var observer = new RecordingObserver();
        var repair = await cluster.RunAsync([BootstrapPhases.Kubeadm], observer: observer);

        Assert.True(repair.Succeeded, string.Join("\n", repair.Failures));
        Assert.Contains(("pi0", "kubeadm", "flannel", StepOutcome.Done), observer.Finished);
        Assert.Equal("manager kubectl-create\n", File.ReadAllText(Path.Combine(objects, "ServiceAccount", "kube-flannel", "flannel.managers")));
        Assert.Equal("manager kustomize-controller\n", File.ReadAllText(daemonSet));
        // One client-side apply (before Flux existed), one create (the repair): never an apply taking flannel back.
        var changes = FakeBinaries.Changes(cluster["pi0"]);
        Assert.Single(changes, c => c.StartsWith("kubectl apply", StringComparison.Ordinal) && c.Contains("flannel.yaml", StringComparison.Ordinal));
        Assert.Single(changes, c => c.StartsWith("kubectl create", StringComparison.Ordinal) && c.Contains("flannel.yaml", StringComparison.Ordinal));
    }
}
