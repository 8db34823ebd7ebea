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

    [Fact]
    public async Task Failures_half_way_through_the_OS_upgrade_and_before_a_reboot_are_finished_on_rerun_and_kubelets_never_pass_the_control_plane()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 2);
        // The @k8s branch got a newer patch than the control plane runs: the OS move must not take it to the kubelets.
        Day2Cluster.Offer(cluster, "v3.24", "1.36.4-r0");
        var definition = cluster.Definition with
        {
            Bootstrap = cluster.Definition.Bootstrap with { AlpineVersion = "3.25.0" },
            Kubernetes = cluster.Definition.Kubernetes with { PackageBranch = "v3.24" },
        };
        var inputs = Day2Cluster.Inputs(cluster, definition) with { RebootTimeout = TimeSpan.FromSeconds(6) };
        var runner = Day2Cluster.Runner(cluster, inputs);
        async Task<(UpgradeRun Run, PiCluster.Bootstrap.Steps.RunReport Report)> UpgradeAsync()
        {
            var run = await UpgradePlanner.DecideAsync(inputs, cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name), null, CancellationToken.None);
            return (run, await runner.RunAsync(runner.Plan([UpgradePlanner.PhaseFor(run, TimeSpan.FromSeconds(30))], null), new RecordingObserver(), CancellationToken.None));
        }
        // pi1's apk upgrade stops half-way (alpine-base committed, linux-rpi not); pi0's reboot fails.
        File.WriteAllText(cluster["pi1"].RootPath("fake/fail-apk-upgrade-midway"), "");
        File.WriteAllText(cluster["pi0"].RootPath("fake/fail-reboot"), "");

        var (_, first) = await UpgradeAsync();

        Assert.Equal(("pi1", "alpine-upgrade"), (Assert.Single(first.Failures).Node, first.Failures[0].Step));
        Assert.StartsWith("3.25.", File.ReadAllText(cluster["pi1"].RootPath("etc/alpine-release")));

        // pi1 is finished (its check asks apk what is left, not only alpine-release), then pi0 fails at its reboot.
        var (second, secondReport) = await UpgradeAsync();

        Assert.IsType<AlpineUpgradeRun>(second);
        Assert.Equal(("pi0", "reboot"), (Assert.Single(secondReport.Failures).Node, secondReport.Failures[0].Step));
        Assert.Equal("6.12.25-0-rpi", File.ReadAllText(cluster["pi1"].RootPath("proc/sys/kernel/osrelease")).Trim());
        Assert.True(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "cordoned", "pi0")), "pi0 stays drained");

        // pi0 runs 3.25 packages on the old kernel: still the Alpine run (read from every node), never a Kubernetes run
        // that would uncordon it as it is.
        var (third, thirdReport) = await UpgradeAsync();

        Assert.True(thirdReport.Succeeded, string.Join("\n", thirdReport.Failures));
        var alpine = Assert.IsType<AlpineUpgradeRun>(third);
        Assert.Contains("pi1", alpine.Settled);
        Assert.DoesNotContain("pi0", alpine.Settled);
        Assert.Equal("6.12.25-0-rpi", File.ReadAllText(cluster["pi0"].RootPath("proc/sys/kernel/osrelease")).Trim());
        Assert.False(File.Exists(Path.Combine(cluster.Fixture.ClusterState, "cordoned", "pi0")));
        foreach (var node in new[] { "pi0", "pi1" })
        {
            foreach (var package in new[] { "kubeadm", "kubelet", "kubectl" })
                Assert.Equal("v1.36.3", File.ReadAllText(cluster[node].RootPath($"fake/{package}-version")).Trim());
        }
        // The newer patch comes with the next run, the Kubernetes one, control plane first.
        var next = Assert.IsType<KubernetesUpgradeRun>(await UpgradePlanner.DecideAsync(inputs, cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name), null, CancellationToken.None));
        Assert.Equal(("patch", "v1.36.4"), (next.Kind, next.Target.ToString()));
    }

    [Fact]
    public async Task The_control_plane_alone_is_refused_while_a_worker_still_needs_the_Alpine_move()
    {
        await using var cluster = await Day2Cluster.UpAsync(nodeCount: 2);
        var definition = cluster.Definition with
        {
            Bootstrap = cluster.Definition.Bootstrap with { AlpineVersion = "3.25.0" },
            Kubernetes = cluster.Definition.Kubernetes with { PackageBranch = "v3.24" },
        };

        var error = await Assert.ThrowsAsync<PiCluster.Bootstrap.BootstrapException>(() =>
            UpgradePlanner.DecideAsync(Day2Cluster.Inputs(cluster, definition), cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name), "pi0", CancellationToken.None));

        Assert.Contains("--node pi0: the Alpine move goes workers first", error.Message);
        Assert.Contains("pi1 still need", error.Message);
    }
}
