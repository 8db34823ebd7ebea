using PiCluster.Bootstrap.Run;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>
/// kubeadm-join against a FAKE kubeadm whose join, like the real one, returns before the kubelet registers the Node
/// (issue 10, item 3).
/// </summary>
public sealed class JoinRegistrationTests
{
    [Fact]
    public async Task A_join_that_returns_before_the_Node_registers_is_waited_for_not_reported_as_broken()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);

        var report = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.True(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "nodes", "pi1")));
    }

    [Fact]
    public async Task A_kubelet_that_never_registers_fails_without_reset_advice_and_a_leftover_kubelet_conf_gets_it()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        File.WriteAllText(cluster["pi1"].RootPath("fake/kubelet-never-registers"), "");

        var report = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm]);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("pi1", "kubeadm-join"), (failure.Node, failure.Step));
        Assert.Contains("did not register within", failure.Message);
        Assert.DoesNotContain("kubeadm reset", failure.Message);

        // The next run finds kubelet.conf without a Node before joining: that state is what reset is for.
        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm]);
        Assert.Contains("kubeadm reset -f", Assert.Single(rerun.Failures).Message);
    }

    [Fact]
    public async Task An_API_error_while_checking_registration_is_an_error_not_a_missing_node()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm])).Succeeded);
        File.WriteAllText(cluster["pi0"].RootPath("fake/get-node-fails"), "");

        var report = await cluster.RunAsync([BootstrapPhases.Kubeadm], only: "pi1");

        var failure = Assert.Single(report.Failures);
        Assert.Contains("cannot ask the API server whether node pi1 is registered", failure.Message);
        Assert.DoesNotContain("kubeadm reset", failure.Message);
    }
}
