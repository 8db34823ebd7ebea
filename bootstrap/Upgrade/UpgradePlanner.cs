using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>
/// Turns the model and the nodes' state into the run's phase: reads the preflight facts (read-only) on the control plane
/// (its version, the @k8s offers) and on every node (its Alpine release and kernels), decides
/// (<see cref="UpgradeDecision"/>; a refusal is bad input, nothing ran) and builds the phase.
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
            async Task<T> OnAsync<T>(Node node, Func<NodeSession, Task<T>> read)
            {
                try
                {
                    await using var session = await transport.ConnectAsync(endpoints(node), cancellationToken);
                    return await read(session);
                }
                catch (SshTransportException e)
                {
                    throw new StepFailedException($"the upgrade preflight needs every node: {e.Message}");
                }
            }
            var controlPlane = OnAsync(cluster.ControlPlane, s => UpgradeFacts.ReadControlPlaneAsync(s, branch, model, cancellationToken));
            var nodes = cluster.Nodes.Select(async n => (n.Name, Os: await OnAsync(n, s => UpgradeFacts.ReadNodeAsync(s, cancellationToken)))).ToList();
            var (version, offers) = await controlPlane;
            facts = new UpgradeFacts(version, offers, (await Task.WhenAll(nodes)).ToDictionary(n => n.Name, n => n.Os, StringComparer.Ordinal));
        }
        var run = UpgradeDecision.Decide(cluster, facts);
        if (onlyNode is not null && onlyNode != cluster.ControlPlane.Name && run is KubernetesUpgradeRun k && k.Target != k.Running)
        {
            throw new BootstrapException(
                $"--node {onlyNode}: the control plane still runs {k.Running}; workers follow it, so upgrade {cluster.ControlPlane.Name} first (bootstrap upgrade, or --node {cluster.ControlPlane.Name}).");
        }
        if (onlyNode == cluster.ControlPlane.Name && run is AlpineUpgradeRun a && a.Pending(cluster.Workers.Select(w => w.Name)).ToList() is { Count: > 0 } pending)
        {
            throw new BootstrapException(
                $"--node {onlyNode}: the Alpine move goes workers first and the control plane last; {string.Join(", ", pending)} still need it (bootstrap upgrade, or --node {pending[0]}).");
        }
        return run;
    }

    public static IBootstrapPhase PhaseFor(UpgradeRun run, TimeSpan drainTimeout) => run switch
    {
        KubernetesUpgradeRun k => new KubernetesUpgradePhase(k.Target, k.PackageBranch, drainTimeout),
        AlpineUpgradeRun a => new AlpineUpgradePhase(a.To, a.PackageBranch, drainTimeout, a.Settled),
        _ => throw new InvalidOperationException(run.ToString()),
    };

    /// <summary>What the dry run shows without connecting: the model's version as the target, or the Alpine move to the model's branch.</summary>
    public static UpgradeRun DryRun(ClusterDefinition cluster, bool alpine)
    {
        var model = KubernetesVersion.Parse(cluster.Kubernetes.Version, "KubernetesSettings.Version");
        var branch = KubernetesPackages.Branch(cluster);
        return alpine
            ? new AlpineUpgradeRun("<the nodes' branch>", new Card.AlpineRelease(cluster.Bootstrap.AlpineVersion).Branch, model, branch, new HashSet<string>())
            : new KubernetesUpgradeRun(model, model, branch);
    }

    public static string Describe(UpgradeRun run) => run switch
    {
        KubernetesUpgradeRun k when k.Target == k.Running =>
            $"Kubernetes {k.Target}: the control plane runs it; every node is checked and brought to it (kubeadm from @{KubernetesPackages.Tag} Alpine {k.PackageBranch} community).",
        KubernetesUpgradeRun k =>
            $"Kubernetes {k.Running} → {k.Target} ({k.Kind}; kubeadm, kubelet and kubectl from @{KubernetesPackages.Tag} Alpine {k.PackageBranch} community): {k.Running.MinorText} control plane first, then one worker at a time.",
        AlpineUpgradeRun a =>
            $"Alpine {a.From} → {a.To}, one node at a time, workers first; Kubernetes stays at {a.Running} (@{KubernetesPackages.Tag} stays on {a.PackageBranch}; kubeadm, kubelet and kubectl keep their installed version).",
        _ => run.ToString(),
    };
}
