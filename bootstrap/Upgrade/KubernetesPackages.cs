using System.Text.RegularExpressions;
using PiCluster.Bootstrap.Card;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>
/// Where the nodes take kubeadm, kubelet and kubectl from: the community repository of one Alpine branch, added as the
/// tagged repository <c>@k8s</c> (alpinelinux/apk-tools doc/apk-repositories.5.scd), with world entries
/// <c>kubeadm@k8s~1.37</c> (doc/apk-world.5.scd). The tag makes that branch's packages reachable; it does not exclude
/// the untagged repositories ("Untagged repositories are also considered for constraints with a tag", src/solver.c:
/// pinning_allowed = default mask | the tag, the tagged one only preferred). What keeps the minor is the <c>~1.37</c>
/// pin: the OS branch's untagged community repository may carry another minor, which the pin excludes.
/// aports community/kubernetes/APKBUILD builds one pkgver per branch, so a branch carries one Kubernetes minor and keeps
/// only its newest patch.
/// </summary>
public static partial class KubernetesPackages
{
    public const string Tag = "k8s";

    public static readonly IReadOnlyList<string> ControlTool = ["kubeadm"];

    public static readonly IReadOnlyList<string> NodeAgent = ["kubelet", "kubectl"];

    /// <summary>KubernetesSettings.PackageBranch, or the branch of BootstrapSettings.AlpineVersion when it is null.</summary>
    public static string Branch(ClusterDefinition cluster)
    {
        var branch = cluster.Kubernetes.PackageBranch;
        if (branch is null) return new AlpineRelease(cluster.Bootstrap.AlpineVersion).Branch;
        if (!BranchPattern().IsMatch(branch))
            throw new BootstrapException($"KubernetesSettings.PackageBranch: \"{branch}\" is not an Alpine branch like \"v3.25\" or \"edge\".");
        return branch;
    }

    /// <summary>"@k8s https://dl-cdn.alpinelinux.org/alpine/v3.25/community".</summary>
    public static string RepositoryLine(string branch) => $"@{Tag} {AlpineRelease.DefaultMirror}/{branch}/community";

    /// <summary>The @k8s repository line for <paramref name="branch"/> as the only tagged one; see bootstrap/Scripts/k8s-repository.sh.</summary>
    public static Steps.ScriptStep RepositoryStep(string branch) =>
        Scripts.NodeScripts.Step("k8s-repository", Scripts.Day2Scripts.K8sRepository, [("REPOSITORY_LINE", RepositoryLine(branch))], actionTimeout: TimeSpan.FromMinutes(5));

    /// <summary>
    /// Branches to name when the package branch lacks a minor: the next three stable branches and edge. Alpine releases
    /// every six months, so one of them usually carries the next minor.
    /// </summary>
    public static IReadOnlyList<string> HintBranches(string branch)
    {
        if (branch == "edge" || AlpineBranch.Parse(branch) is not { } p) return [];
        return [.. Enumerable.Range(1, 3).Select(i => $"v{p.Major}.{p.Minor + i}"), "edge"];
    }

    [GeneratedRegex(@"^(v\d+\.\d+|edge)$")]
    private static partial Regex BranchPattern();
}
