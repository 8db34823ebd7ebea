using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Steps;

/// <summary>The steps one node runs, in order, within a stage.</summary>
public sealed record NodeWork(Node Node, IReadOnlyList<NodeStep> Steps);

/// <summary>
/// Work that may run in parallel across nodes; stages run one after another (e.g. kubeadm init on pi0, then every
/// worker's join in parallel, then the wait for Ready).
/// </summary>
public sealed record PlanStage(string Phase, IReadOnlyList<NodeWork> Work);

/// <summary>One line of a dry run: which node runs which step of which phase, in execution order; lines of one stage run in parallel across nodes.</summary>
public sealed record PlanLine(int Stage, string Node, string Phase, string Step)
{
    public override string ToString() => $"{Stage,2}  {Node,-8} {Phase,-8} {Step}";
}

/// <summary>The ordered stages of one bootstrap run.</summary>
public sealed record BootstrapPlan(IReadOnlyList<PlanStage> Stages)
{
    public static BootstrapPlan For(IEnumerable<IBootstrapPhase> phases, PhaseInputs inputs) =>
        new([.. phases.SelectMany(p => p.Stages(inputs))]);

    /// <summary>Execution order: stage by stage, nodes in definition order within a stage.</summary>
    public IEnumerable<PlanLine> Lines =>
        Stages.SelectMany((s, i) => s.Work.SelectMany(w => w.Steps.Select(step => new PlanLine(i + 1, w.Node.Name, s.Phase, step.Name))));

    /// <summary>Keeps only one node's work (<c>--only</c>); steps of that node may still talk to the control plane.</summary>
    public BootstrapPlan Only(string? node)
    {
        if (node is null) return this;
        var kept = Stages
            .Select(s => s with { Work = [.. s.Work.Where(w => w.Node.Name == node)] })
            .Where(s => s.Work.Count > 0)
            .ToList();
        return new BootstrapPlan(kept);
    }

    public IEnumerable<NodeStep> AllSteps => Stages.SelectMany(s => s.Work).SelectMany(w => w.Steps);
}

/// <summary>A phase of <c>bootstrap cluster</c> (nodes, kubeadm, and what later issues add: flux, secrets).</summary>
public interface IBootstrapPhase
{
    string Name { get; }

    IReadOnlyList<PlanStage> Stages(PhaseInputs inputs);
}
