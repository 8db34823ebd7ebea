using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using PiCluster.CommandLine;
using Spectre.Console.Testing;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>
/// Whatever a step throws (a failure the step reports, a refusal, a bug), the engine reports it against its node and
/// step, lets the other nodes of the stage finish and starts no later stage; only cancellation escapes.
/// </summary>
public sealed class StepFailureTests
{
    [Fact]
    public async Task Every_exception_a_step_throws_is_a_failure_of_its_node_and_step_and_the_run_ends_with_a_report()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 3);
        var runner = cluster.Runner();
        var (console, errors) = (new TestConsole().Width(200), new StringWriter());

        // Before: the restore phase's StepFailedException escaped PlanRunner and aborted the run with no report.
        var code = await runner.RunCommandAsync(runner.Plan([new ThrowingPhase()], null), new PlanSettings(), new RunOutput(console, new StandardError(errors)), CancellationToken.None);
        var report = await runner.RunAsync(runner.Plan([new ThrowingPhase()], null), new RecordingObserver(), CancellationToken.None);

        Assert.False(report.Succeeded);
        Assert.Equal(
            [
                "pi0 / throwing / step-failed: cannot read etcd.yaml",
                "pi1 / throwing / a-bug: InvalidOperationException: Sequence contains no elements",
                "pi2 / throwing / refused: kubelet.conf present but not a node of the cluster",
            ],
            report.Failures.Select(f => f.ToString()).Order(StringComparer.Ordinal));
        // Each node stopped at its failure; the second stage never started.
        Assert.Equal([0, 0, 0], report.Nodes.Select(n => n.Done));
        Assert.Equal([1, 1, 1], report.Nodes.Select(n => n.Failed));
        Assert.False(File.Exists(Path.Combine(cluster["pi0"].Root, "second-stage")));

        // The command: the summary table, one stderr line per failure with its node's log, exit 1.
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("Skipped", console.Output);
        Assert.Contains("pi2", console.Output);
        var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("error: pi1 / throwing / a-bug: InvalidOperationException: Sequence contains no elements (log: ", StringComparison.Ordinal));
        // A bug's stack trace is in the node's log, not on the operator's screen.
        var log = File.ReadAllText(Path.Combine(cluster.Fixture.LogFolder, "pi1.log"));
        Assert.Contains("step a-bug failed: System.InvalidOperationException: Sequence contains no elements", log);
        Assert.Contains(" at ", log);
    }

    [Fact]
    public async Task Cancellation_is_not_a_step_failure()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var runner = cluster.Runner();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            runner.RunAsync(runner.Plan([new SleepPhase(1)], null), new RecordingObserver(), cancelled.Token));
    }

    private sealed class ThrowingPhase : IBootstrapPhase
    {
        public string Name => "throwing";

        public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs) =>
        [
            new PlanStage(Name,
            [
                new NodeWork(inputs.Cluster.Nodes[0], [Throws("step-failed", () => new StepFailedException("cannot read etcd.yaml"))]),
                new NodeWork(inputs.Cluster.Nodes[1], [Throws("a-bug", () => new InvalidOperationException("Sequence contains no elements"))]),
                new NodeWork(inputs.Cluster.Nodes[2], [Throws("refused", () => new BootstrapException("kubelet.conf present but not a node of the cluster"))]),
            ]),
            new PlanStage(Name, [new NodeWork(inputs.Cluster.Nodes[0], [new ScriptStep("second-stage", "[ -f \"$ROOT/second-stage\" ] || exit 1", "touch \"$ROOT/second-stage\"")])]),
        ];

        private static DelegateStep Throws(string name, Func<Exception> exception) =>
            new(name, _ => Task.FromResult(false), _ => throw exception());
    }
}
