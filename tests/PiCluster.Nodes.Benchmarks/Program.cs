using System.Diagnostics;
using System.Globalization;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using PiCluster.TestSupport;

// bench-nodes: wall time of one bootstrap run on N loopback sshd nodes vs one node (target: six ≤ 1.3 × one).
// Scenarios: "sleep" (every node runs 3 steps whose action sleeps 1 s) and "nodes" (the real nodes phase on FAKE binaries);
// the day-2 commands on six nodes: "upgrade" (1.36 → 1.37 end to end) and "status" (Day2Bench).
// Usage: bench-nodes [rounds=5] [scenario=all|sleep|nodes|upgrade|status]
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var only = args.Length > 1 ? args[1] : "all";
var repository = TestPaths.RepoRoot;
Console.WriteLine($"bench-nodes: {rounds} rounds per case, {Environment.ProcessorCount} CPUs, median wall time of one run (connect … summary)");
Console.WriteLine($"{"scenario",-8} {"nodes",5} {"median",8} {"min",8} {"max",8}");
foreach (var (scenario, phase) in new (string, IBootstrapPhase)[] { ("sleep", new SleepPhase(3)), ("nodes", BootstrapPhases.Nodes) })
{
    if (only != "all" && only != scenario) continue;
    var one = await MeasureAsync(scenario, phase, 1);
    var six = await MeasureAsync(scenario, phase, 6);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario,-8} ratio six/one = {six / one:0.00} (target ≤ 1.30)"));
}

foreach (var scenario in new[] { "upgrade", "status" })
{
    if (only == "all" || only == scenario) await PiCluster.Nodes.Benchmarks.Day2Bench.RunAsync(scenario, rounds);
}

async Task<double> MeasureAsync(string scenario, IBootstrapPhase phase, int nodeCount)
{
    var times = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        var definition = HomeCluster.Definition with { Nodes = [.. HomeCluster.Definition.Nodes.Take(nodeCount)] };
        await using var fixture = await SshNodeFixture.StartAsync(definition.Nodes.Select(n => n.Name), FakeBinaries.Install);
        var inputs = new PhaseInputs(definition, new StateFolder(Path.Combine(fixture.Base, "repo")), Path.Combine(fixture.Base, "kubeconfig"))
        {
            PollInterval = TimeSpan.FromMilliseconds(200),
        };
        var runner = new BootstrapRunner(inputs, fixture.TransportOptions(), n => fixture.Endpoint(n.Name));
        var plan = runner.Plan([phase], null);
        var clock = Stopwatch.StartNew();
        var report = await runner.RunAsync(plan, new Silent(), CancellationToken.None);
        clock.Stop();
        if (!report.Succeeded) throw new InvalidOperationException(string.Join("\n", report.Failures));
        times.Add(clock.Elapsed.TotalSeconds);
    }
    times.Sort();
    var median = times[times.Count / 2];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario,-8} {nodeCount,5} {median,7:0.000}s {times[0],7:0.000}s {times[^1],7:0.000}s"));
    return median;
}

sealed class Silent : IRunObserver
{
    public void StepStarted(string node, string phase, string step)
    {
    }

    public void StepFinished(string node, string phase, string step, StepOutcome outcome, TimeSpan elapsed, string? error)
    {
    }
}
