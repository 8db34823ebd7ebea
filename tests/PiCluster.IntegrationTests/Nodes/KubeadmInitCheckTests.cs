using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>The kubeadm-init check's wait for the API server vs its own timeout (issue 10, item 8), FAKE kubeadm/kubectl.</summary>
public sealed class KubeadmInitCheckTests
{
    [Fact]
    public async Task An_initialised_control_plane_whose_API_server_never_answers_gets_the_intended_message_not_a_check_timeout()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm])).Succeeded);
        File.WriteAllText(cluster["pi0"].RootPath("fake/apiserver-down"), "");

        var report = await cluster.RunAsync([BootstrapPhases.Kubeadm]);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("pi0", "kubeadm-init"), (failure.Node, failure.Step));
        Assert.Contains("control plane initialised but the API server is not ready", failure.Message);
        Assert.DoesNotContain("did not finish within", failure.Message);
    }

    [Fact]
    public void The_default_check_timeout_is_longer_than_the_wait_inside_the_check()
    {
        var inputs = new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent");
        var init = Assert.IsType<ScriptStep>(BootstrapPlan.For([BootstrapPhases.Kubeadm], inputs).AllSteps.Single(s => s.Name == "kubeadm-init"));

        Assert.Equal(TimeSpan.FromMinutes(2), inputs.ApiServerWait);
        Assert.Contains("API_SERVER_WAIT=120\n", init.Check); // bootstrap/Scripts/kubeadm-init.sh's wait, by parameter
        Assert.True(init.CheckTimeout > inputs.ApiServerWait + TimeSpan.FromSeconds(30));
    }
}
