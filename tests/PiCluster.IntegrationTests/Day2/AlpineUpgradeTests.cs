using PiCluster.Bootstrap.Upgrade;

namespace PiCluster.IntegrationTests.Day2;

/// <summary>`bootstrap upgrade` when BootstrapSettings.AlpineVersion moves to the next branch (FAKE apk, reboot, kubectl).</summary>
public sealed class AlpineUpgradeTests
{
    [Fact]
    public async Task A_new_Alpine_branch_moves_workers_first_then_the_control_plane_rebooting_each_onto_its_new_kernel_and_Kubernetes_keeps_its_minor()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 2);
        var definition = cluster.Definition with
        {
            Bootstrap = cluster.Definition.Bootstrap with { AlpineVersion = "3.25.0" },
            Kubernetes = cluster.Definition.Kubernetes with { PackageBranch = "v3.24" },
        };
        var inputs = Day2Cluster.Inputs(cluster, definition);
        var setup = Day2Cluster.Events(cluster).Count;

        var run = await UpgradePlanner.DecideAsync(inputs, cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name), null, CancellationToken.None);
        var runner = Day2Cluster.Runner(cluster, inputs);
        var report = await runner.RunAsync(runner.Plan([UpgradePlanner.PhaseFor(run, TimeSpan.FromSeconds(30))], null), new RecordingObserver(), CancellationToken.None);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(("v3.24", "v3.25"), (Assert.IsType<AlpineUpgradeRun>(run).From, ((AlpineUpgradeRun)run).To));
        var events = Day2Cluster.Events(cluster).Skip(setup).ToList();
        Assert.True(events.IndexOf("pi0 uncordon pi1") < events.IndexOf("pi0 drain pi0"), string.Join("\n", events));
        foreach (var node in new[] { "pi0", "pi1" })
        {
            var root = cluster[node];
            Assert.StartsWith("3.25.", File.ReadAllText(root.RootPath("etc/alpine-release")));
            Assert.Equal("6.12.25-0-rpi", File.ReadAllText(root.RootPath("proc/sys/kernel/osrelease")).Trim());
            var repositories = File.ReadAllLines(root.RootPath("etc/apk/repositories"));
            Assert.Contains("https://dl-cdn.alpinelinux.org/alpine/v3.25/main", repositories);
            Assert.Contains("https://dl-cdn.alpinelinux.org/alpine/v3.25/community", repositories);
            Assert.Contains("@k8s https://dl-cdn.alpinelinux.org/alpine/v3.24/community", repositories);
            Assert.Contains("kubeadm@k8s~1.36", File.ReadAllLines(root.RootPath("etc/apk/world")));
            Assert.Equal("v1.36.3", File.ReadAllText(root.RootPath("fake/kubeadm-version")).Trim());
            Assert.Contains(FakeBinaries.Changes(root), c => c.StartsWith("reboot", StringComparison.Ordinal));
        }

        // Done: the same model changes nothing.
        var again = await UpgradePlanner.DecideAsync(inputs, cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name), null, CancellationToken.None);
        Assert.IsType<KubernetesUpgradeRun>(again);
        var observer = new RecordingObserver();
        var rerun = await runner.RunAsync(runner.Plan([UpgradePlanner.PhaseFor(again, TimeSpan.FromSeconds(30))], null), observer, CancellationToken.None);
        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.True(rerun.Actions == 0, string.Join("\n", observer.Finished.Where(f => f.Outcome != PiCluster.Bootstrap.Steps.StepOutcome.Skipped)));
    }
}
