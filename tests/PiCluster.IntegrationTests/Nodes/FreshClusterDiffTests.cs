using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>
/// kubectl diff as a check on a fresh cluster (issue 10, item 2), against a FAKE kubectl that, like the real one, exits 2
/// when an object's namespace does not exist yet.
/// </summary>
public sealed class FreshClusterDiffTests
{
    private const string Manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fresh\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: fresh\ndata:\n  a: b\n";

    [Fact]
    public async Task FAKE_kubectl_diff_exits_2_on_a_missing_namespace_and_the_guarded_check_answers_needed_then_done()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var pi0 = cluster["pi0"];
        Directory.CreateDirectory(pi0.RootPath("etc/kubernetes"));
        File.WriteAllText(pi0.RootPath("etc/kubernetes/admin.conf"), "apiVersion: v1\n");
        using var transport = new SshTransport(cluster.Fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(cluster.Fixture.Endpoint("pi0"), CancellationToken.None);
        var kubectl = new RemoteKubectl(session);

        var bare = await session.RunAsync(ShellText.Script(kubectl.Command("diff", "-f", "-")), new CommandOptions(StandardInput: Manifest), CancellationToken.None);
        Assert.Equal(2, bare.ExitCode);
        Assert.Contains("namespaces \"fresh\" not found", bare.Error);

        Assert.False(await kubectl.MatchesAsync(Manifest, "fresh", sensitive: false, CancellationToken.None));
        await kubectl.ApplyAsync(Manifest, "fresh", sensitive: false, CancellationToken.None);
        Assert.True(await kubectl.MatchesAsync(Manifest, "fresh", sensitive: false, CancellationToken.None));

        // kubectl itself failing is an error, never "needed".
        File.Delete(pi0.RootPath("etc/kubernetes/admin.conf"));
        var error = await Assert.ThrowsAsync<PiCluster.Bootstrap.Steps.StepFailedException>(() => kubectl.MatchesAsync(Manifest, "fresh", sensitive: false, CancellationToken.None));
        Assert.Contains("exit 2", error.Message);
    }

    [Fact]
    public async Task Flannel_and_flux_components_apply_on_a_fresh_cluster_and_a_rerun_finds_them_done()
    {
        // Two nodes: the rendered tree (Prometheus's local volume) names pi1.
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        var observer = new RecordingObserver();

        var first = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm, BootstrapPhases.Flux], observer: observer);

        Assert.True(first.Succeeded, string.Join("\n", first.Failures));
        Assert.Contains(observer.Finished, f => f.Step == "flannel" && f.Outcome == StepOutcome.Done);
        Assert.Contains(observer.Finished, f => f.Step == "flux-components" && f.Outcome == StepOutcome.Done);
        var again = new RecordingObserver();
        var second = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm, BootstrapPhases.Flux], observer: again);
        Assert.True(second.Succeeded, string.Join("\n", second.Failures));
        Assert.Contains(again.Finished, f => f.Step == "flannel" && f.Outcome == StepOutcome.Skipped);
        Assert.Contains(again.Finished, f => f.Step == "flux-components" && f.Outcome == StepOutcome.Skipped);
    }
}
