using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>
/// Turns the model and the control plane's state into the run's phase: reads the preflight facts on the control plane
/// (read-only), decides (<see cref="UpgradeDecision"/>; a refusal is bad input, nothing ran) and builds the phase.
/// </summary>
public static class UpgradePlanner
{
    public static async Task<UpgradeRun> DecideAsync(PhaseInputs inputs, SshTransportOptions options, Func<Node, SshEndpoint> endpoints, string? onlyNode, CancellationToken cancellationToken)
    {
        var cluster = inputs.Cluster;
        var model = KubernetesVersion.Parse(cluster.Kubernetes.Version, "KubernetesSettings.Version");
        var branch = KubernetesPackages.Branch(cluster);
        UpgradeFacts facts;
        using (var transport = new SshTransport(options))
        {
            await using var session = await transport.ConnectAsync(endpoints(cluster.ControlPlane), cancellationToken);
            facts = await UpgradeFacts.ReadAsync(session, branch, model, cancellationToken);
        }
        var run = UpgradeDecision.Decide(cluster, facts);
        if (onlyNode is not null && onlyNode != cluster.ControlPlane.Name && run is KubernetesUpgradeRun k && k.Target != k.Running)
        {
            throw new BootstrapException(
                $"--node {onlyNode}: the control plane still runs {k.Running}; workers follow it, so upgrade {cluster.ControlPlane.Name} first (bootstrap upgrade, or --node {cluster.ControlPlane.Name}).");
        }
        return run;
    }

    public static IBootstrapPhase PhaseFor(UpgradeRun run, TimeSpan drainTimeout) => run switch
    {
        KubernetesUpgradeRun k => new KubernetesUpgradePhase(k.Target, k.PackageBranch, drainTimeout),
        AlpineUpgradeRun a => new AlpineUpgradePhase(a.To, a.PackageBranch, drainTimeout),
        _ => throw new InvalidOperationException(run.ToString()),
    };

    /// <summary>What the dry run shows without connecting: the model's version as the target, or the Alpine move to the model's branch.</summary>
    public static UpgradeRun DryRun(ClusterDefinition cluster, bool alpine)
    {
        var model = KubernetesVersion.Parse(cluster.Kubernetes.Version, "KubernetesSettings.Version");
        var branch = KubernetesPackages.Branch(cluster);
        return alpine
            ? new AlpineUpgradeRun("<the nodes' branch>", new Card.AlpineRelease(cluster.Bootstrap.AlpineVersion).Branch, model, branch)
            : new KubernetesUpgradeRun(model, model, branch);
    }

    public static string Describe(UpgradeRun run) => run switch
    {
        KubernetesUpgradeRun k when k.Target == k.Running =>
            $"Kubernetes {k.Target}: the control plane runs it; every node is checked and brought to it (kubeadm from @{KubernetesPackages.Tag} Alpine {k.PackageBranch} community).",
        KubernetesUpgradeRun k =>
            $"Kubernetes {k.Running} → {k.Target} ({k.Kind}; kubeadm, kubelet and kubectl from @{KubernetesPackages.Tag} Alpine {k.PackageBranch} community): {k.Running.MinorText} control plane first, then one worker at a time.",
        AlpineUpgradeRun a =>
            $"Alpine {a.From} → {a.To}, one node at a time, workers first; Kubernetes stays at {a.Running} (@{KubernetesPackages.Tag} stays on {a.PackageBranch}).",
        _ => run.ToString(),
    };
}
