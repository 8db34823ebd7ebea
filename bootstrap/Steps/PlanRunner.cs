using System.Diagnostics;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Steps;

public enum StepOutcome
{
    /// <summary>The check found the node already done; nothing changed.</summary>
    Skipped,

    /// <summary>The action ran and the check confirmed it.</summary>
    Done,

    Failed,
}

/// <summary>Receives progress while a plan runs (the live view, plain lines, or a test).</summary>
public interface IRunObserver
{
    void StepStarted(string node, string phase, string step);

    void StepFinished(string node, string phase, string step, StepOutcome outcome, TimeSpan elapsed, string? error);
}

/// <summary>Per-node totals for the summary table.</summary>
public sealed record NodeSummary(string Node, int Done, int Skipped, int Failed, TimeSpan Elapsed);

/// <summary>The first failure of a node: which step of which phase, and why.</summary>
public sealed record StepFailure(string Node, string Phase, string Step, string Message)
{
    public override string ToString() => $"{Node} / {Phase} / {Step}: {Message}";
}

public sealed record RunReport(IReadOnlyList<NodeSummary> Nodes, IReadOnlyList<StepFailure> Failures, TimeSpan Elapsed)
{
    public bool Succeeded => Failures.Count == 0;

    public int Actions => Nodes.Sum(n => n.Done);
}

/// <summary>
/// Runs a plan: stages in order; within a stage every node's steps run in parallel with the other nodes, in order
/// on each node. A failed node stops; the other nodes of the stage finish, later stages do not start.
/// </summary>
public sealed class PlanRunner(StepRun run, IRunObserver observer)
{
    private readonly Dictionary<string, (int Done, int Skipped, int Failed, TimeSpan Elapsed)> _totals = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<RunReport> RunAsync(BootstrapPlan plan, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<StepFailure>();
        foreach (var work in plan.Stages.SelectMany(s => s.Work)) Add(work.Node.Name, 0, 0, 0, TimeSpan.Zero);
        foreach (var stage in plan.Stages)
        {
            var results = await Task.WhenAll(stage.Work.Select(w => Task.Run(() => RunNodeAsync(stage.Phase, w, cancellationToken), cancellationToken)));
            failures.AddRange(results.OfType<StepFailure>());
            if (failures.Count > 0) break;
        }
        var order = plan.Stages.SelectMany(s => s.Work).Select(w => w.Node.Name).Distinct().ToList();
        var nodes = order.Select(n => new NodeSummary(n, _totals[n].Done, _totals[n].Skipped, _totals[n].Failed, _totals[n].Elapsed)).ToList();
        return new RunReport(nodes, failures, clock.Elapsed);
    }

    private async Task<StepFailure?> RunNodeAsync(string phase, NodeWork work, CancellationToken cancellationToken)
    {
        var nodeClock = Stopwatch.StartNew();
        try
        {
            foreach (var step in work.Steps)
            {
                observer.StepStarted(work.Node.Name, phase, step.Name);
                var stepClock = Stopwatch.StartNew();
                try
                {
                    var outcome = await RunStepAsync(work.Node, step, cancellationToken);
                    Add(work.Node.Name, outcome == StepOutcome.Done ? 1 : 0, outcome == StepOutcome.Skipped ? 1 : 0, 0, TimeSpan.Zero);
                    observer.StepFinished(work.Node.Name, phase, step.Name, outcome, stepClock.Elapsed, null);
                }
                catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    // Whatever a step throws is its node's failure: the other nodes finish, the run ends with its report.
                    var message = FailureMessage(e);
                    run.Note(work.Node, $"step {step.Name} failed: {e}");
                    Add(work.Node.Name, 0, 0, 1, TimeSpan.Zero);
                    observer.StepFinished(work.Node.Name, phase, step.Name, StepOutcome.Failed, stepClock.Elapsed, message);
                    return new StepFailure(work.Node.Name, phase, step.Name, message);
                }
            }
            return null;
        }
        finally
        {
            Add(work.Node.Name, 0, 0, 0, nodeClock.Elapsed);
        }
    }

    private async Task<StepOutcome> RunStepAsync(Node node, NodeStep step, CancellationToken cancellationToken)
    {
        var session = await run.SessionAsync(node, cancellationToken);
        var context = new StepContext(node, session, run, cancellationToken);
        session.Note($"step {step.Name}: check");
        if (await step.IsDoneAsync(context))
        {
            session.Note($"step {step.Name}: already done, skipped");
            return StepOutcome.Skipped;
        }
        session.Note($"step {step.Name}: action");
        await step.ApplyAsync(context);
        if (!await step.VerifyAsync(context))
        {
            throw new StepFailedException($"the action ran but the check still fails; see {run.LogPath(node)}");
        }
        session.Note($"step {step.Name}: done, verified");
        return StepOutcome.Done;
    }

    /// <summary>
    /// One line for the operator: the step's own message for the failures a step reports (its node's name is already on
    /// the line); a bug gets its type, and the node's log holds the stack trace.
    /// </summary>
    private static string FailureMessage(Exception e) => e switch
    {
        SshTransportException t when e.Message.StartsWith(t.Node + ": ", StringComparison.Ordinal) => e.Message[(t.Node.Length + 2)..],
        CommandLine.CommandFailedException or CommandLine.BadInputException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private void Add(string node, int done, int skipped, int failed, TimeSpan elapsed)
    {
        lock (_lock)
        {
            var t = _totals.GetValueOrDefault(node);
            _totals[node] = (t.Done + done, t.Skipped + skipped, t.Failed + failed, t.Elapsed + elapsed);
        }
    }
}
