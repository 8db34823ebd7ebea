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
        var kubeconfigBefore = File.ReadAllText(cluster.Kubeconfig);
        var setup = Day2Cluster.Events(cluster).Count;

        var report = await RenewAsync(cluster, force: false);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(6, report.Actions); // renew, four restarts, the admin kubeconfig
        Assert.Contains("kubeadm certs renew all", FakeBinaries.Changes(pi0));
        Assert.DoesNotContain(File.ReadAllLines(certs), l => l.Split(' ')[2] != "-" && long.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow.AddDays(360).ToUnixTimeSeconds());
        foreach (var component in CertsRenewPhase.StaticPods.Select(p => p.Component))
        {
            Assert.True(File.Exists(pi0.RootPath($"etc/kubernetes/manifests/{component}.yaml")), $"{component}'s manifest is back");
        }
        Assert.Empty(Directory.GetFiles(pi0.RootPath("etc/kubernetes/manifests-picluster-restart"), "*.yaml")); // no manifest left out
        Assert.NotEqual(kubeconfigBefore, File.ReadAllText(cluster.Kubeconfig));
        // Each pod was seen gone (crictl found no ready sandbox) and then back, one component after the other, in order.
        var seen = Day2Cluster.Events(cluster).Skip(setup).Where(e => e.StartsWith("pi0 crictl ", StringComparison.Ordinal)).ToList();
        var position = 0;
        foreach (var component in CertsRenewPhase.StaticPods.Select(p => p.Component))
        {
            var gone = seen.FindIndex(position, e => e == $"pi0 crictl ^{component}-pi0$ none");
            Assert.True(gone >= 0, $"{component} never seen gone after position {position}:\n{string.Join("\n", seen)}");
            var back = seen.FindIndex(gone, e => e == $"pi0 crictl ^{component}-pi0$ ready");
            Assert.True(back > gone, $"{component} never seen back:\n{string.Join("\n", seen)}");
            Assert.DoesNotContain(seen.Skip(back + 1), e => e.Contains($"^{component}-pi0$ none", StringComparison.Ordinal));
            position = back;
        }

        var changes = FakeBinaries.Changes(pi0).Length;
        var again = await RenewAsync(cluster, force: false);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
        Assert.Equal(changes, FakeBinaries.Changes(pi0).Length);

        var forced = await RenewAsync(cluster, force: true);
        Assert.True(forced.Succeeded, string.Join("\n", forced.Failures));
        Assert.Equal(6, forced.Actions); // renew, the four restarts, and the kubeconfig: admin.conf holds a new client certificate
    }

    [Fact]
    public async Task A_pod_started_in_the_same_second_as_the_renewal_does_not_count_as_restarted()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 1);
        var pi0 = cluster["pi0"];
        var (component, renewed) = CertsRenewPhase.StaticPods.Single(p => p.Component == "kube-apiserver");
        var restart = new CertsRenewPhase(force: false).Stages(cluster.Inputs)[0].Work[0].Steps.Single(s => s.Name == "restart-" + component);
        using var transport = new PiCluster.Bootstrap.Ssh.SshTransport(cluster.Fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(cluster.Fixture.Endpoint("pi0"), CancellationToken.None);
        // The renewal in the very second the pod started (the manifest's ctime, as the FAKE crictl reports it).
        await session.RunCheckedAsync($"touch -d \"@$(stat -c %Z \"$NODE_ROOT/etc/kubernetes/manifests/{component}.yaml\")\" \"$NODE_ROOT{renewed}\"", null, CancellationToken.None);
        Assert.True(File.Exists(pi0.RootPath(renewed.TrimStart('/'))));
        var check = restart.Snippets.Single(s => s.Name.EndsWith(".check", StringComparison.Ordinal)).Text;
        var result = await session.RunAsync(check, null, CancellationToken.None);

        Assert.Equal(1, result.ExitCode);
    }
}
