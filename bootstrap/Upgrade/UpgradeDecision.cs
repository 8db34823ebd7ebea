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
public sealed record AlpineUpgradeRun(string From, string To, KubernetesVersion Running, string PackageBranch) : UpgradeRun(PackageBranch);

/// <summary>
/// Decides the run from the model and the control plane, before anything changes; every refusal is bad input (exit 2)
/// naming the model field to change. One minor at a time, as kubeadm enforces (kubernetes/kubernetes
/// cmd/kubeadm/app/phases/upgrade/policy.go EnforceVersionPolicies: MaximumAllowedMinorVersionUpgradeSkew = 1), and never
/// an Alpine branch and a Kubernetes minor in the same run.
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
        var nodeBranch = NodeBranch(facts.AlpineRelease);

        if (nodeBranch is not null && nodeBranch != modelBranch)
        {
            if (Compare(modelBranch, nodeBranch) < 0)
                throw new BootstrapException($"BootstrapSettings.AlpineVersion {cluster.Bootstrap.AlpineVersion} is older than the Alpine {facts.AlpineRelease} the nodes run; Alpine cannot go back a branch (write new cards instead).");
            if (!model.SameMinor(running))
            {
                throw new BootstrapException(
                    $"the model moves Alpine from {nodeBranch} to {modelBranch} and Kubernetes from {running} to {model.MinorText}.x; upgrade one per run: " +
                    $"keep KubernetesSettings.Version at {running} while the nodes move to {modelBranch}, then raise it (or set AlpineVersion back to {facts.AlpineRelease} and upgrade Kubernetes first).");
            }
            if (!Offered(facts, packageBranch, running).Any())
            {
                throw new BootstrapException(
                    $"after the move to {modelBranch} the @{KubernetesPackages.Tag} repository would be {packageBranch}, which offers kubeadm {Describe(facts, packageBranch)}, not the running {running.MinorText}: " +
                    $"set KubernetesSettings.PackageBranch = \"{nodeBranch}\" (the branch the nodes take {running.MinorText} from) for this upgrade.");
            }
            return new AlpineUpgradeRun(nodeBranch, modelBranch, running, packageBranch);
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

    /// <summary>"v3.24" from /etc/alpine-release "3.24.2"; null when unreadable (e.g. edge snapshots).</summary>
    public static string? NodeBranch(string alpineRelease)
    {
        var parts = alpineRelease.Trim().Split('.');
        return parts.Length >= 2 && parts[0].All(char.IsAsciiDigit) && parts[1].All(char.IsAsciiDigit) && parts[0].Length > 0 && parts[1].Length > 0
            ? $"v{parts[0]}.{parts[1]}"
            : null;
    }

    private static IEnumerable<KubernetesVersion> Offered(UpgradeFacts facts, string branch, KubernetesVersion minor) =>
        facts.Offers.GetValueOrDefault(branch, [])
            .Select(v => KubernetesVersion.TryParse(v, out var x) ? x : (KubernetesVersion?)null)
            .OfType<KubernetesVersion>()
            .Where(v => v.SameMinor(minor));

    private static string Describe(UpgradeFacts facts, string branch) =>
        facts.Offers.GetValueOrDefault(branch, []) is { Count: > 0 } versions ? string.Join(", ", versions) : "nothing";

    private static int Compare(string a, string b)
    {
        static (int, int) Parts(string branch) => branch == "edge" ? (int.MaxValue, 0) :
            (int.Parse(branch[1..].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(branch.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture));
        return Parts(a).CompareTo(Parts(b));
    }
}
