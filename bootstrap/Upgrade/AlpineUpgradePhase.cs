using k8s.Models;
using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Kubeadm;
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
/// (<see cref="UpgradeDecision"/>). kubeadm, kubelet and kubectl keep their installed version through the OS move
/// (bootstrap/Scripts/alpine-upgrade.sh KEEP): a newer patch the branch offers comes with the next Kubernetes run, control
/// plane first, never on a worker ahead of the API server.
/// </summary>
/// <param name="settled">Nodes already on the branch and on their newest kernel (the preflight's): no drain for them.</param>
public sealed class AlpineUpgradePhase(string branch, string packageBranch, TimeSpan drainTimeout, IReadOnlySet<string>? settled = null) : IBootstrapPhase
{
    /// <summary>What an upgraded node that does not come back Ready leaves behind, for the node-ready step's error.</summary>
    public const string UpgradeNotReady = "its kubelet restarted and it stays cordoned; look at /var/log/kubelet/kubelet.log on it and `kubectl describe node`.";

    public const string PhaseName = "alpine";

    /// <summary>"started v3.25" while the node's OS upgrade runs, "done v3.25" after it (bootstrap/Scripts/alpine-upgrade.sh).</summary>
    public const string OsUpgradeMarker = "/var/lib/picluster/alpine-upgrade";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var cluster = inputs.Cluster;
        var controlPlane = cluster.ControlPlane;
        return [.. cluster.Workers.Append(controlPlane).Select(node => new PlanStage(PhaseName, [new NodeWork(node,
        [
            NodeDrainSteps.Drain(controlPlane, drainTimeout, Moved(branch, settled ?? new HashSet<string>())),
            KubernetesPackages.RepositoryStep(packageBranch),
            NodeScripts.Step("alpine-repositories", Day2Scripts.AlpineRepositories, [("MIRROR", AlpineRelease.DefaultMirror), ("BRANCH", branch)], actionTimeout: TimeSpan.FromMinutes(5)),
            NodeScripts.Step("alpine-upgrade", Day2Scripts.AlpineUpgrade,
                [("RELEASE_PREFIX", branch.TrimStart('v')), ("KEEP", string.Join(' ', KubernetesPackages.ControlTool.Concat(KubernetesPackages.NodeAgent))), ("MARKER", OsUpgradeMarker)],
                actionTimeout: TimeSpan.FromMinutes(30)),
            NodesPhase.BootFirmware,
            RebootStep.ToNewestKernel(inputs),
            new NodeReadyStep(controlPlane, inputs, notReady: UpgradeNotReady),
            NodeDrainSteps.Uncordon(controlPlane),
        ])]))];
    }

    /// <summary>
    /// A node that needs no drain: the preflight found it on the branch and on its newest kernel, its kubelet reports the
    /// branch (status.nodeInfo.osImage, "Alpine Linux v3.25") and it takes pods. A node moved but not rebooted is not.
    /// </summary>
    public static Func<V1Node, bool> Moved(string branch, IReadOnlySet<string> settled) =>
        node => settled.Contains(node.Metadata?.Name ?? "") && node.Status?.NodeInfo?.OsImage?.EndsWith(" " + branch, StringComparison.Ordinal) == true && !DrainState.IsCordoned(node);
}
