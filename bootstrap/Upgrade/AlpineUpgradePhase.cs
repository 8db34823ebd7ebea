using k8s.Models;
using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>
/// Moves every node to the model's Alpine branch, one node at a time, workers first and the control plane last: drain,
/// switch the main and community repositories (the @k8s line stays on the package branch, so Kubernetes keeps its
/// minor), `apk update && apk upgrade --available`, check the boot firmware sync on p1, reboot onto the new kernel,
/// verify / is p2 and the kernel is the new one, Ready, uncordon. Never together with a Kubernetes minor
/// (<see cref="UpgradeDecision"/>).
/// </summary>
public sealed class AlpineUpgradePhase(string branch, string packageBranch, TimeSpan drainTimeout) : IBootstrapPhase
{
    public const string PhaseName = "alpine";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var cluster = inputs.Cluster;
        var controlPlane = cluster.ControlPlane;
        return [.. cluster.Workers.Append(controlPlane).Select(node => new PlanStage(PhaseName, [new NodeWork(node,
        [
            NodeDrainSteps.Drain(controlPlane, drainTimeout, Moved(branch)),
            KubernetesPackages.RepositoryStep(packageBranch),
            NodeScripts.Step("alpine-repositories", Day2Scripts.AlpineRepositories, [("MIRROR", AlpineRelease.DefaultMirror), ("BRANCH", branch)], actionTimeout: TimeSpan.FromMinutes(5)),
            NodeScripts.Step("alpine-upgrade", Day2Scripts.AlpineUpgrade, [("RELEASE_PREFIX", branch.TrimStart('v'))], actionTimeout: TimeSpan.FromMinutes(30)),
            NodesPhase.BootFirmware,
            new KernelRebootStep(inputs),
            new NodeReadyStep(controlPlane, inputs),
            NodeDrainSteps.Uncordon(controlPlane),
        ])]))];
    }

    /// <summary>The kubelet reports the OS it runs on (status.nodeInfo.osImage, "Alpine Linux v3.25"): a node on the new branch that takes pods is done.</summary>
    public static Func<V1Node, bool> Moved(string branch) =>
        node => node.Status?.NodeInfo?.OsImage?.EndsWith(" " + branch, StringComparison.Ordinal) == true && !DrainState.IsCordoned(node);
}
