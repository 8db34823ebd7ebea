using PiCluster.Bootstrap.Steps;

namespace PiCluster.TestSupport;

/// <summary>A synthetic phase for timing: every node runs <paramref name="steps"/> steps whose action sleeps one second.</summary>
public sealed class SleepPhase(int steps = 2) : IBootstrapPhase
{
    public string Name => "sleep";

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs) =>
    [
        new PlanStage(Name, [.. inputs.Cluster.Nodes.Select(n => new NodeWork(n, [.. Enumerable.Range(1, steps).Select(Step)]))]),
    ];

    private static NodeStep Step(int i) => new ScriptStep(
        $"sleep-{i}",
        $"[ -f \"$ROOT/sleep-{i}\" ] || exit 1",
        $"sleep 1\ntouch \"$ROOT/sleep-{i}\"");
}
