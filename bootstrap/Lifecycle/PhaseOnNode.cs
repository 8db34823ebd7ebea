using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Lifecycle;

/// <summary>
/// A phase's stages for one node only (e.g. the nodes phase on a re-carded control plane or a replaced worker): the
/// other nodes' work is dropped, so they are not even connected to.
/// </summary>
public sealed class PhaseOnNode(IBootstrapPhase phase, Func<PhaseInputs, Node> node) : IBootstrapPhase
{
    public string Name => phase.Name;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var name = node(inputs).Name;
        return [.. phase.Stages(inputs)
            .Select(s => s with { Work = [.. s.Work.Where(w => w.Node.Name == name)] })
            .Where(s => s.Work.Count > 0)];
    }
}
