using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Reset;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Lifecycle;

/// <summary>The one worker `node replace` / `node remove` is about: a node of the model, never the control plane (bad input otherwise).</summary>
public static class LifecycleTarget
{
    public static Node Of(ClusterDefinition cluster, string name)
    {
        var node = cluster.Nodes.FirstOrDefault(n => n.Name == name)
            ?? throw new BootstrapException($"{name}: no such node in the model (nodes: {string.Join(", ", cluster.Nodes.Select(n => n.Name))}); a new Pi joins with `bootstrap cluster --node <name>` once it is in cluster/HomeCluster.cs.");
        if (node.Role == NodeRole.ControlPlane)
        {
            throw new BootstrapException(
                $"{name} is the control plane: it is not drained or deleted but rebuilt from the nightly backup — `bootstrap card --node {name} …`, boot it, then `bootstrap rebuild-control-plane`.");
        }
        return node;
    }
}

/// <summary>
/// <c>bootstrap node replace NAME</c>: the old Node leaves the API (drained while it is Ready, deleted, its Pods
/// force-deleted), then the new card in that Pi gets the nodes phase and joins, and the command waits until it is Ready.
/// Only that worker and the control plane's API are touched. The new card carries the pinned host key
/// (`bootstrap card`), or a new one (`bootstrap card --new-host-key`).
/// </summary>
/// <param name="running">The card to replace still runs: drain and delete its Node although the card in the Pi is the Node's own.</param>
public sealed class NodeReplacePhase(string node, TimeSpan drainTimeout, bool running = false) : IBootstrapPhase
{
    public const string PhaseName = "replace";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var target = LifecycleTarget.Of(inputs.Cluster, node);
        var controlPlane = inputs.ControlPlane;
        return
        [
            RemoveFromApi(controlPlane, target, drainTimeout, inputs.Report, new ReplacementGate(controlPlane, target, running)),
            new PlanStage(PhaseName, [new NodeWork(target, [NodeLifecycleSteps.NewCard(controlPlane)])]),
            .. new PhaseOnNode(BootstrapPhases.Nodes, _ => target).Stages(inputs),
            new PlanStage(PhaseName, [new NodeWork(target, [new JoinStep(controlPlane, inputs), new NodeReadyStep(controlPlane, inputs)])]),
        ];
    }

    /// <summary>
    /// On the control plane, about the worker: drain while reachable, delete its Node, force-delete what is left bound to
    /// it — for a replacement only while <paramref name="gate"/> says its Node is not the card's in the Pi.
    /// </summary>
    public static PlanStage RemoveFromApi(Node controlPlane, Node target, TimeSpan drainTimeout, TextWriter report, ReplacementGate? gate = null)
    {
        NodeStep Gated(NodeStep step) => gate is null ? step : NodeLifecycleSteps.WhenReplacing(gate, step);
        return new(PhaseName,
        [
            new NodeWork(controlPlane,
            [
                NodeLifecycleSteps.About(target, Gated(NodeLifecycleSteps.DrainIfReachable(controlPlane, drainTimeout, report))),
                NodeLifecycleSteps.About(target, Gated(NodeLifecycleSteps.DeleteNode(controlPlane))),
                NodeLifecycleSteps.About(target, NodeLifecycleSteps.ForceDeletePods(controlPlane)),
            ]),
        ]);
    }
}

/// <summary>
/// <c>bootstrap node remove NAME</c>: the worker leaves the cluster — drained while Ready, its Node deleted, its Pods
/// force-deleted, then `bootstrap reset`'s steps on it when it answers. It runs while the node is still in the model
/// (the model's record is how it is reached); afterwards the command asks for the record to be deleted and rendered.
/// </summary>
public sealed class NodeRemovePhase(string node, TimeSpan drainTimeout, ResetLayout? layout = null) : IBootstrapPhase
{
    public const string PhaseName = "remove";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var target = LifecycleTarget.Of(inputs.Cluster, node);
        var controlPlane = inputs.ControlPlane;
        var api = NodeReplacePhase.RemoveFromApi(controlPlane, target, drainTimeout, inputs.Report) with { Phase = PhaseName };
        return
        [
            api,
            new PlanStage(PhaseName, [new NodeWork(controlPlane, [NodeLifecycleSteps.ResetIfReachable(target, ResetPhase.Steps(layout ?? new ResetLayout()), inputs.Report)])]),
        ];
    }
}
