using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Kubeadm;

/// <summary>
/// nodes-ready polls a real sshd node (FAKE kubectl: no API server can run here) on an injected clock: the ten-minute
/// timeout is reached by advancing a FakeTimeProvider each time the step starts waiting, not by waiting.
/// </summary>
public sealed class NodesReadyTimeoutTests
{
    [Fact]
    public async Task A_node_that_never_turns_Ready_fails_the_step_after_the_ready_timeout_of_the_injected_clock()
    {
        await using var fixture = await SshNodeFixture.StartAsync(["pi0"], FakeBinaries.Install);
        // pi0 is known to the fake API, but flannel is never applied, so it stays NotReady.
        Directory.CreateDirectory(Path.Combine(fixture.ClusterState, "nodes"));
        File.WriteAllText(Path.Combine(fixture.ClusterState, "nodes", "pi0"), "");
        var adminConf = fixture["pi0"].RootPath(KubeadmPhase.AdminConf);
        Directory.CreateDirectory(Path.GetDirectoryName(adminConf)!);
        File.WriteAllText(adminConf, "fake admin.conf\n");

        using var temp = new TempDir();
        var time = new WaitSignallingTimeProvider();
        var definition = HomeCluster.Definition with { Nodes = [HomeCluster.Definition.Nodes[0]] };
        var inputs = new PhaseInputs(definition, new StateFolder(temp.Path), temp.Sub("kubeconfig"))
        {
            ReadyTimeout = TimeSpan.FromMinutes(10),
            PollInterval = TimeSpan.FromMinutes(1),
            Time = time,
        };
        using var transport = new SshTransport(fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(fixture.Endpoint("pi0"), CancellationToken.None);
        await using var run = new StepRun(transport, node => fixture.Endpoint(node.Name), inputs);
        var started = time.GetUtcNow();

        var applying = new NodesReadyStep(inputs).ApplyAsync(new StepContext(definition.Nodes[0], session, run, CancellationToken.None));
        var waits = 0;
        // Each time the step starts a poll delay on the fake clock, move the clock on by one interval.
        while (await Task.WhenAny(applying, time.NextWaitAsync()) != applying)
        {
            waits++;
            time.Advance(inputs.PollInterval);
        }

        var error = await Assert.ThrowsAsync<StepFailedException>(() => applying);
        Assert.StartsWith("not every node is Ready after 00:10:00:", error.Message);
        Assert.Contains("pi0   NotReady", error.Message);
        // Polls at 0, 1, …, 11 min: at exactly 10 min the timeout has not yet passed, at 11 it has.
        Assert.Equal(11, waits);
        Assert.Equal(TimeSpan.FromMinutes(11), time.GetUtcNow() - started);
    }
}
