using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>
/// A Kubernetes patch or minor upgrade in the upstream order ("Upgrading kubeadm clusters", kubernetes.io
/// tasks/administer-cluster/kubeadm/kubeadm-upgrade): the control plane first and completely — kubeadm, `kubeadm upgrade
/// plan`, `kubeadm upgrade apply`, drain (it runs workloads), kubelet and kubectl, restart, Ready, uncordon — then each
/// worker alone: drain, kubeadm, `kubeadm upgrade node`, kubelet and kubectl, restart, Ready, uncordon. One stage per
/// node, so a worker starts only when the one before it is back in service. Every step checks first, so a rerun goes on
/// where a failure stopped and a finished upgrade changes nothing. What depends on the version is refreshed on the way:
/// containerd's sandbox image (before the kubelet restarts), pi0's kubeadm file and the workstation's kubeconfig.
/// </summary>
public sealed class KubernetesUpgradePhase(KubernetesVersion target, string packageBranch, TimeSpan drainTimeout) : IBootstrapPhase
{
    public const string PhaseName = "upgrade";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs)
    {
        var cluster = inputs.Cluster;
        var controlPlane = cluster.ControlPlane;
        var upgraded = NodeWait.Upgraded(target);
        return
        [
            new PlanStage(PhaseName, [new NodeWork(controlPlane,
            [
                KubernetesPackages.RepositoryStep(packageBranch),
                Packages("kubeadm", KubernetesPackages.ControlTool, target),
                new UpgradePlanStep(target),
                Kubeadm("upgrade-apply", "apply", target, TimeSpan.FromMinutes(30)),
                NodeDrainSteps.Drain(controlPlane, drainTimeout, upgraded),
                Packages("kubelet", KubernetesPackages.NodeAgent, target),
                NodesPhase.ContainerdConfig(cluster),
                new KubeletRestartStep(controlPlane, target, inputs),
                new NodeReadyStep(controlPlane, inputs, target, AlpineUpgradePhase.UpgradeNotReady),
                NodeDrainSteps.Uncordon(controlPlane),
                // The init file, kept as the record of the cluster's configuration, now names the version that runs.
                new UploadStep("kubeadm-config", KubeadmConfigBuilder.RemotePath,
                    KubeadmConfigBuilder.Yaml(cluster with { Kubernetes = cluster.Kubernetes with { Version = target.ToString() } }, controlPlane), "0600"),
                new AdminKubeconfigStep(inputs),
            ])]),
            .. cluster.Workers.Select(worker => new PlanStage(PhaseName, [new NodeWork(worker,
            [
                KubernetesPackages.RepositoryStep(packageBranch),
                NodeDrainSteps.Drain(controlPlane, drainTimeout, upgraded),
                Packages("kubeadm", KubernetesPackages.ControlTool, target),
                new UpgradeNodeStep(controlPlane, Kubeadm("upgrade-node", "node", target, TimeSpan.FromMinutes(15)), target),
                Packages("kubelet", KubernetesPackages.NodeAgent, target),
                NodesPhase.ContainerdConfig(cluster),
                new KubeletRestartStep(controlPlane, target, inputs),
                new NodeReadyStep(controlPlane, inputs, target, AlpineUpgradePhase.UpgradeNotReady),
                NodeDrainSteps.Uncordon(controlPlane),
            ])])),
        ];
    }

    /// <summary>kubeadm, or kubelet and kubectl, from @k8s at <paramref name="version"/>; see bootstrap/Scripts/k8s-packages.sh.</summary>
    public static ScriptStep Packages(string name, IReadOnlyList<string> packages, KubernetesVersion version) =>
        NodeScripts.Step(name, Day2Scripts.K8sPackages,
        [
            ("PACKAGES", string.Join(' ', packages)),
            ("MINOR", version.MinorText),
            ("MINOR_PATTERN", version.MinorPattern),
            ("VERSION", version.ToString()),
        ], actionTimeout: TimeSpan.FromMinutes(20));

    private static ScriptStep Kubeadm(string name, string kind, KubernetesVersion version, TimeSpan timeout) =>
        NodeScripts.Step(name, Day2Scripts.KubeadmUpgrade, Parameters(kind, version), actionTimeout: timeout);

    /// <summary>bootstrap/Scripts/kubeadm-upgrade.sh's parameters for one KIND (apply, node, plan).</summary>
    public static (string, object)[] Parameters(string kind, KubernetesVersion version) =>
        [("KIND", kind), ("VERSION", version.ToString()), ("INIT_CONFIG", KubeadmConfigBuilder.RemotePath)];
}

/// <summary>
/// `kubeadm upgrade plan &lt;version&gt;` on the control plane: a verification, not a change. Done when the control plane
/// already runs the version (nothing to plan) or when the plan succeeds; its failure (an unhealthy cluster, a
/// configuration kubeadm cannot read) is the step's error, and apply never starts. The version policies (a skipped minor,
/// a target newer than kubeadm) are not plan's: kubernetes/kubernetes cmd/kubeadm/app/cmd/upgrade/plan.go never calls
/// EnforceVersionPolicies, apply.go does — and <see cref="UpgradeDecision"/> refuses them before anything runs.
/// </summary>
public sealed class UpgradePlanStep(KubernetesVersion version) : NodeStep("upgrade-plan")
{
    public string AtTarget { get; } = NodeShell.Script(NodeScripts.Check(Day2Scripts.KubeadmUpgrade, KubernetesUpgradePhase.Parameters("apply", version)));

    public string Plan { get; } = NodeShell.Script(NodeScripts.Apply(Day2Scripts.KubeadmUpgrade, KubernetesUpgradePhase.Parameters("plan", version)));

    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        if (await context.CheckAsync(AtTarget, new CommandOptions(Description: $"control plane at {version}"))) return true;
        var plan = await context.Session.RunAsync(Plan, new CommandOptions(Timeout: TimeSpan.FromMinutes(5), Description: $"kubeadm upgrade plan {version}"), context.CancellationToken);
        if (plan.Succeeded) return true;
        var why = (plan.Error.Trim().Length > 0 ? plan.Error : plan.Output).Trim();
        throw new StepFailedException($"kubeadm upgrade plan {version} refused the upgrade: {why}");
    }

    public override Task ApplyAsync(StepContext context) => Task.CompletedTask;

    public override IEnumerable<ShellSnippet> Snippets => [new("upgrade-plan.check", AtTarget), new("upgrade-plan.plan", Plan)];
}

/// <summary>
/// `kubeadm upgrade node` on a worker (bootstrap/Scripts/kubeadm-upgrade.sh KIND=node). Done when it succeeded for the
/// version here before (its marker), or when the node's kubelet already runs the version: a worker joined at it has the
/// kubelet configuration `upgrade node` would write, and one mid-upgrade still runs the old kubelet.
/// </summary>
public sealed class UpgradeNodeStep(Node controlPlane, ScriptStep script, KubernetesVersion version) : NodeStep(script.Name)
{
    public override async Task<bool> IsDoneAsync(StepContext context)
    {
        if (await script.IsDoneAsync(context)) return true;
        var node = await Drain.NodeObjects.NodeAsync(await context.SessionToAsync(controlPlane), context.Node.Name, context.CancellationToken);
        return node is not null && Drain.DrainState.KubeletVersion(node) == version.ToString();
    }

    public override Task ApplyAsync(StepContext context) => script.ApplyAsync(context);

    public override IEnumerable<ShellSnippet> Snippets => script.Snippets;

    public override IEnumerable<ShellSnippet> ScriptsFor(Node node) =>
        [.. script.ScriptsFor(node), new($"{Name}.check (on {controlPlane.Name})", Drain.NodeObjects.GetNodeScript(node.Name))];
}
