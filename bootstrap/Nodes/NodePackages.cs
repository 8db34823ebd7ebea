using System.Text.RegularExpressions;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Nodes;

/// <summary>The apk packages every node needs, with the Kubernetes ones pinned to the cluster's minor.</summary>
public static partial class NodePackages
{
    /// <summary>Pinned with apk's fuzzy operator so patch releases follow but the minor cannot drift between nodes.</summary>
    public static readonly IReadOnlyList<string> Kubernetes = ["kubeadm", "kubelet", "kubectl"];

    /// <summary>
    /// Runtime, CNI plugins (installed to /usr/libexec/cni), NFS client for kubelet mounts, OpenRC services, and nft, so
    /// `bootstrap reset` can list and delete the native nftables tables kube-proxy or flannel may create.
    /// </summary>
    public static readonly IReadOnlyList<string> Unpinned = ["cni-plugins", "containerd", "containerd-openrc", "kubelet-openrc", "nfs-utils", "nftables"];

    /// <summary>"1.36" from "v1.36.1".</summary>
    public static string Minor(KubernetesSettings kubernetes)
    {
        var match = VersionPattern().Match(kubernetes.Version);
        if (!match.Success)
        {
            throw new BootstrapException($"Kubernetes version '{kubernetes.Version}' is not of the form v<major>.<minor>.<patch>.");
        }
        return $"{match.Groups[1].Value}.{match.Groups[2].Value}";
    }

    /// <summary>
    /// Arguments for apk add, e.g. "kubeadm@k8s=~1.36" (accepted by apk-tools 2 and 3): the Kubernetes packages come
    /// from the tagged repository @k8s only (Upgrade/KubernetesPackages), pinned to the minor. apk writes the constraint
    /// back to /etc/apk/world in its own spelling — "kubeadm@k8s~1.36" with apk-tools 3 (Alpine 3.23 on; src/version.c
    /// apk_version_op_string prints EQUAL|FUZZY as "~") — so checks accept both "=~" and "~".
    /// </summary>
    public static IReadOnlyList<string> Constraints(KubernetesSettings kubernetes) =>
        [.. Kubernetes.Select(p => $"{p}@{Upgrade.KubernetesPackages.Tag}=~{Minor(kubernetes)}"), .. Unpinned];

    public static IReadOnlyList<string> Names => [.. Kubernetes, .. Unpinned];

    [GeneratedRegex(@"^v?(\d+)\.(\d+)\.\d+$")]
    private static partial Regex VersionPattern();
}
