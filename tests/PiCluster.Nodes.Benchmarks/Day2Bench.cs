using System.Diagnostics;
using System.Globalization;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Status;
using PiCluster.Bootstrap.Steps;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.TestSupport;

namespace PiCluster.Nodes.Benchmarks;

/// <summary>
/// The day-2 commands on six loopback sshd nodes with FAKE binaries, each round on a fresh cluster brought up by the
/// nodes and kubeadm phases (not timed): "upgrade" times `bootstrap upgrade` 1.36 → 1.37 end to end (preflight,
/// pi0, then the five workers one at a time), "status" times `bootstrap status` against a real etcd.
/// </summary>
public static class Day2Bench
{
    public static async Task RunAsync(string scenario, int rounds)
    {
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await using var cluster = await TestCluster.StartAsync();
            Offer(cluster, "v3.24", "1.36.3-r0");
            Offer(cluster, "v3.25", "1.37.2-r0");
            var up = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm], observer: new Silent());
            if (!up.Succeeded) throw new InvalidOperationException(string.Join("\n", up.Failures));
            var clock = Stopwatch.StartNew();
            if (scenario == "upgrade") await UpgradeAsync(cluster);
            else await StatusAsync(cluster);
            clock.Stop();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario,-8} {6,5} {times[times.Count / 2],7:0.000}s {times[0],7:0.000}s {times[^1],7:0.000}s"));
    }

    private static async Task UpgradeAsync(TestCluster cluster)
    {
        var definition = cluster.Definition with { Kubernetes = cluster.Definition.Kubernetes with { Version = "v1.37.0", PackageBranch = "v3.25" } };
        var inputs = cluster.Inputs with { Cluster = definition };
        var run = await UpgradePlanner.DecideAsync(inputs, cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name), null, CancellationToken.None);
        var runner = new BootstrapRunner(inputs, cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name));
        var report = await runner.RunAsync(runner.Plan([UpgradePlanner.PhaseFor(run, TimeSpan.FromMinutes(1))], null), new Silent(), CancellationToken.None);
        if (!report.Succeeded) throw new InvalidOperationException(string.Join("\n", report.Failures));
    }

    private static async Task StatusAsync(TestCluster cluster)
    {
        using var temp = new TempDir();
        using var etcd = EtcdProcess.Start(temp.Sub("etcd"), "pi0");
        var report = new HealthReport(cluster.Definition);
        var runner = cluster.Runner();
        var run = await runner.RunAsync(runner.Plan([new StatusPhase(report, new StatusOptions(etcd.Endpoint))], null), new Silent(), CancellationToken.None);
        if (!run.Succeeded || report.Findings.Count < 60) throw new InvalidOperationException($"status: {run.Failures.Count} failures, {report.Findings.Count} rows");
    }

    private static void Offer(TestCluster cluster, string branch, string version)
    {
        var folder = Path.Combine(cluster.Fixture.ClusterState, "apk", branch);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main"), "");
        File.WriteAllText(Path.Combine(folder, "community"), $"kubeadm {version}\nkubelet {version}\nkubectl {version}\ncontainerd 2.1.4-r0\n");
    }

    private sealed class Silent : IRunObserver
    {
        public void StepStarted(string node, string phase, string step)
        {
        }

        public void StepFinished(string node, string phase, string step, StepOutcome outcome, TimeSpan elapsed, string? error)
        {
        }
    }
}
