using PiCluster.Bootstrap.Card;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>What one `bootstrap upgrade` run does.</summary>
public abstract record UpgradeRun(string PackageBranch);

/// <summary>Kubernetes to <paramref name="Target"/> (the newest patch of the model's minor the @k8s branch offers), node by node.</summary>
public sealed record KubernetesUpgradeRun(KubernetesVersion Target, KubernetesVersion Running, string PackageBranch) : UpgradeRun(PackageBranch)
{
    public string Kind => Target == Running ? "nodes to the running control plane" : Target.SameMinor(Running) ? "patch" : "minor";
}

/// <summary>The nodes' Alpine branch from <paramref name="From"/> to <paramref name="To"/>, workers first, Kubernetes unchanged.</summary>
/// <param name="Settled">Nodes already on <paramref name="To"/> and running their newest kernel: nothing to drain for them.</param>
public sealed record AlpineUpgradeRun(string From, string To, KubernetesVersion Running, string PackageBranch, IReadOnlySet<string> Settled) : UpgradeRun(PackageBranch)
{
    /// <summary>Nodes still on another branch or waiting for the reboot onto their new kernel.</summary>
    public IEnumerable<string> Pending(IEnumerable<string> nodes) => nodes.Where(n => !Settled.Contains(n));
}

/// <summary>
/// Decides the run from the model and every node, before anything changes; every refusal is bad input (exit 2)
/// naming the model field to change. One minor at a time, as kubeadm enforces (kubernetes/kubernetes
/// cmd/kubeadm/app/phases/upgrade/policy.go EnforceVersionPolicies: MaximumAllowedMinorVersionUpgradeSkew = 1), and never
/// an Alpine branch and a Kubernetes minor in the same run. The Alpine run is due while ANY node is on another branch
/// than the model's or has not rebooted onto its newest kernel: a run stopped after one node's `apk upgrade --available`
/// and before its reboot goes on as the Alpine run, never as a Kubernetes run that would uncordon it on the old kernel.
/// </summary>
public static class UpgradeDecision
{
    public static UpgradeRun Decide(ClusterDefinition cluster, UpgradeFacts facts)
    {
        var model = KubernetesVersion.Parse(cluster.Kubernetes.Version, "KubernetesSettings.Version");
        if (!KubernetesVersion.TryParse(facts.ControlPlane, out var running))
            throw new Steps.StepFailedException($"cannot tell the control-plane version: kube-apiserver.yaml on {cluster.ControlPlane.Name} names image tag \"{facts.ControlPlane}\".");
        var packageBranch = KubernetesPackages.Branch(cluster);
        var modelBranch = new AlpineRelease(cluster.Bootstrap.AlpineVersion).Branch;
        var ahead = facts.Nodes.Where(n => n.Value.Branch is { } b && AlpineBranch.Compare(b, modelBranch) > 0).Select(n => n.Key).FirstOrDefault();
        if (ahead is not null)
            throw new BootstrapException($"BootstrapSettings.AlpineVersion {cluster.Bootstrap.AlpineVersion} is older than the Alpine {facts.Nodes[ahead].AlpineRelease} {ahead} runs; Alpine cannot go back a branch (write new cards instead).");
        var settled = facts.Nodes.Where(n => (n.Value.Branch is null || n.Value.Branch == modelBranch) && n.Value.KernelBooted && !n.Value.OsUpgradeUnfinished)
            .Select(n => n.Key).ToHashSet(StringComparer.Ordinal);

        if (settled.Count < facts.Nodes.Count)
        {
            // The oldest branch a node still runs: the one the run moves from (the model's own when only a reboot is left).
            var nodeBranch = facts.Nodes.Values.Select(n => n.Branch).OfType<string>().Min(AlpineBranch.Comparer) ?? modelBranch;
            if (!model.SameMinor(running))
            {
                throw new BootstrapException(
                    $"the model moves Alpine from {nodeBranch} to {modelBranch} and Kubernetes from {running} to {model.MinorText}.x; upgrade one per run: " +
                    $"keep KubernetesSettings.Version at {running} while the nodes move to {modelBranch}, then raise it (or set AlpineVersion back to the nodes' {nodeBranch} and upgrade Kubernetes first).");
            }
            if (!Offered(facts, packageBranch, running).Any())
            {
                throw new BootstrapException(
                    $"after the move to {modelBranch} the @{KubernetesPackages.Tag} repository would be {packageBranch}, which offers kubeadm {Describe(facts, packageBranch)}, not the running {running.MinorText}: " +
                    $"set KubernetesSettings.PackageBranch = \"{nodeBranch}\" (the branch the nodes take {running.MinorText} from) for this upgrade.");
            }
            return new AlpineUpgradeRun(nodeBranch, modelBranch, running, packageBranch, settled);
        }

        if (model.Major != running.Major || model.Minor > running.Minor + 1)
        {
            var next = $"v{running.Major}.{running.Minor + 1}";
            throw new BootstrapException(
                $"KubernetesSettings.Version is {model} but the control plane runs {running}: kubeadm upgrades one minor at a time. " +
                $"Set Version to {next}.x, run `bootstrap upgrade`, then set {model.MinorText}.x and run it again.");
        }
        if (model.Minor < running.Minor)
            throw new BootstrapException($"KubernetesSettings.Version is {model} but the control plane already runs {running}; going back a minor is not an upgrade (restore an etcd backup taken before it instead).");

        var offered = Offered(facts, packageBranch, model).ToList();
        if (offered.Count == 0)
        {
            var hint = facts.Offers.Where(o => o.Key != packageBranch && o.Value.Any(v => KubernetesVersion.TryParse(v, out var x) && x.SameMinor(model))).Select(o => o.Key).FirstOrDefault();
            var fix = hint is not null
                ? $"set KubernetesSettings.PackageBranch = \"{hint}\" (it offers kubeadm {Describe(facts, hint)})"
                : $"none of {string.Join(", ", KubernetesPackages.HintBranches(packageBranch))} offers {model.MinorText} yet; keep Version at {running.MinorText}.x until Alpine packages it";
            throw new BootstrapException(
                $"KubernetesSettings.Version {model} needs kubeadm {model.MinorText}.x, but the @{KubernetesPackages.Tag} repository (Alpine {packageBranch} community) offers {Describe(facts, packageBranch)}: {fix}.");
        }
        var target = offered.Max();
        if (target < model)
            throw new BootstrapException($"KubernetesSettings.Version is {model} but Alpine {packageBranch} offers kubeadm {target} at most; set Version to {target} (or wait for the package).");
        if (target < running)
            throw new BootstrapException($"the control plane runs {running}, newer than kubeadm {target} that Alpine {packageBranch} offers; set KubernetesSettings.PackageBranch to the branch it came from.");
        return new KubernetesUpgradeRun(target, running, packageBranch);
    }

    private static IEnumerable<KubernetesVersion> Offered(UpgradeFacts facts, string branch, KubernetesVersion minor) =>
        facts.Offers.GetValueOrDefault(branch, [])
            .Select(v => KubernetesVersion.TryParse(v, out var x) ? x : (KubernetesVersion?)null)
            .OfType<KubernetesVersion>()
            .Where(v => v.SameMinor(minor));

    private static string Describe(UpgradeFacts facts, string branch) =>
        facts.Offers.GetValueOrDefault(branch, []) is { Count: > 0 } versions ? string.Join(", ", versions) : "nothing";
}
