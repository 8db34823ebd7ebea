using PiCluster.Bootstrap.Certs;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.IntegrationTests.Day2;

/// <summary>`bootstrap certs renew` on a real sshd control plane with FAKE kubeadm and crictl (the kubelet's static pods follow the manifests).</summary>
public sealed class CertsRenewTests
{
    private static Task<RunReport> RenewAsync(TestCluster cluster, bool force)
    {
        var inputs = cluster.Inputs with { ReadyTimeout = TimeSpan.FromSeconds(10), PollInterval = TimeSpan.FromSeconds(1) };
        var runner = Day2Cluster.Runner(cluster, inputs);
        return runner.RunAsync(runner.Plan([new CertsRenewPhase(force)], null), new RecordingObserver(), CancellationToken.None);
    }

    [Fact]
    public async Task An_expiring_certificate_is_renewed_the_four_static_pods_restart_the_kubeconfig_follows_and_a_rerun_changes_nothing()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 1);
        var pi0 = cluster["pi0"];
        // A year later: the API server's certificate has 20 days left.
        var certs = pi0.RootPath("fake/certs");
        File.WriteAllLines(certs, File.ReadAllLines(certs).Select(l => l.StartsWith("apiserver ", StringComparison.Ordinal)
            ? $"apiserver {DateTimeOffset.UtcNow.AddDays(20).ToUnixTimeSeconds()} ca" : l));
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the renewal must land in a later second than the pods' start (seconds resolution)
        var kubeconfigBefore = File.ReadAllText(cluster.Kubeconfig);

        var report = await RenewAsync(cluster, force: false);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(6, report.Actions); // renew, four restarts, the admin kubeconfig
        Assert.Contains("kubeadm certs renew all", FakeBinaries.Changes(pi0));
        Assert.DoesNotContain(File.ReadAllLines(certs), l => l.Split(' ')[2] != "-" && long.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow.AddDays(360).ToUnixTimeSeconds());
        foreach (var component in CertsRenewPhase.StaticPods.Select(p => p.Component))
        {
            Assert.True(File.Exists(pi0.RootPath($"etc/kubernetes/manifests/{component}.yaml")), $"{component}'s manifest is back");
        }
        Assert.Empty(Directory.GetFiles(pi0.RootPath("etc/kubernetes/manifests-picluster-restart")));
        Assert.NotEqual(kubeconfigBefore, File.ReadAllText(cluster.Kubeconfig));
        // Each pod was seen gone (crictl found no ready sandbox) and back, in order.
        var calls = File.ReadAllLines(pi0.RootPath("fake/calls.log")).Where(c => c.StartsWith("crictl", StringComparison.Ordinal)).ToList();
        Assert.True(calls.Count >= 8, string.Join("\n", calls));

        var changes = FakeBinaries.Changes(pi0).Length;
        var again = await RenewAsync(cluster, force: false);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
        Assert.Equal(changes, FakeBinaries.Changes(pi0).Length);

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var forced = await RenewAsync(cluster, force: true);
        Assert.True(forced.Succeeded, string.Join("\n", forced.Failures));
        Assert.Equal(6, forced.Actions); // renew, the four restarts, and the kubeconfig: admin.conf holds a new client certificate
    }
}
