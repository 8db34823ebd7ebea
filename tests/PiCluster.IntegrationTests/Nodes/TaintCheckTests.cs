using PiCluster.Bootstrap.Run;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>The control-plane-taint check when kubectl fails (issue 10, item 9), FAKE kubectl.</summary>
public sealed class TaintCheckTests
{
    [Fact]
    public async Task A_kubectl_failure_in_the_taint_check_is_an_error_and_no_taint_is_touched()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes])).Succeeded);
        File.WriteAllText(cluster["pi0"].RootPath("fake/get-node-fails"), "");

        var report = await cluster.RunAsync([BootstrapPhases.Kubeadm]);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("pi0", "control-plane-taint"), (failure.Node, failure.Step));
        Assert.Contains("cannot read the taints of node pi0", failure.Message);
        Assert.DoesNotContain(FakeBinaries.Changes(cluster["pi0"]), c => c.StartsWith("kubectl taint", StringComparison.Ordinal));
    }
}
