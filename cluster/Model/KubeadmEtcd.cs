using System.Globalization;

namespace PiCluster.Cluster.Model;

/// <summary>
/// The etcd image kubeadm runs for a Kubernetes minor, so the backup's etcdctl always matches the server it talks to.
/// Table from kubernetes/kubernetes cmd/kubeadm/app/constants/constants.go (SupportedEtcdVersion):
/// 1.34–1.36: 3.6.9-0, digest from kubernetes/k8s.io registry.k8s.io/images/k8s-staging-etcd/images.yaml (which maps
/// sha256:38e46ab2… to "v3.6.9" and "3.6.9-0"). Later 1.36 patch releases may carry a later 3.6 (kubernetes PRs #138392
/// and #138746 name 1.34–1.36 for 3.6.10 and 3.6.11): `bootstrap status` compares the tag the control plane runs with
/// this table ("etcd image" row).
/// 1.37: 3.7.0-0 (kubernetes PR #140333, merged before the 1.37 code freeze: "Updated the default etcd version to 3.7.0";
/// `kubeadm config images list` of v1.37.1 prints registry.k8s.io/etcd:3.7.0-0). No digest: the tag's digest on
/// registry.k8s.io is not confirmed (the etcd-development v3.7.0 digest is promoted as "v3.7.0").
/// A minor the table lacks gets the nearest entry with a warning, as kubeadm does (constants.go EtcdSupportedVersion:
/// "If passed version is not in the given list, the function returns the nearest version with a warning").
/// </summary>
public static class KubeadmEtcd
{
    /// <summary>Kubernetes minor → etcd image tag kubeadm deploys.</summary>
    public static readonly IReadOnlyDictionary<int, string> SupportedEtcdVersion = new Dictionary<int, string>
    {
        [34] = "3.6.9-0",
        [35] = "3.6.9-0",
        [36] = "3.6.9-0",
        [37] = "3.7.0-0",
    };

    /// <summary>Multi-arch index digests of registry.k8s.io/etcd tags (kubernetes/k8s.io registry.k8s.io/images/k8s-staging-etcd/images.yaml).</summary>
    public static readonly IReadOnlyDictionary<string, string> Digests = new Dictionary<string, string>
    {
        ["3.6.9-0"] = "sha256:38e46ab26aa2a82251d3f24cbbdaefe2e68a66346404ee4b7afe7e90db26805d",
    };

    /// <summary>The etcd tag for a Kubernetes version such as "v1.36.1", and kubeadm's warning when the minor is not in the table.</summary>
    public static (string Tag, string? Warning) Lookup(string kubernetesVersion)
    {
        var parts = kubernetesVersion.TrimStart('v').Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            throw new ClusterInputException($"Kubernetes.Version: \"{kubernetesVersion}\" is not a version like v1.36.1");
        if (SupportedEtcdVersion.TryGetValue(minor, out var tag)) return (tag, null);
        var known = SupportedEtcdVersion.Keys.Order().ToList();
        var nearest = minor > known[^1] ? known[^1] : known[0];
        tag = SupportedEtcdVersion[nearest];
        return (tag, $"no etcd version known for Kubernetes 1.{minor} (known: {string.Join(", ", known.Select(m => "1." + m))}); " +
            $"using 1.{nearest}'s {tag}, the nearest, as kubeadm falls back itself. Fix: add kubeadm's SupportedEtcdVersion entry for 1.{minor} " +
            "(cmd/kubeadm/app/constants/constants.go) to KubeadmEtcd; bootstrap status shows the tag the control plane runs.");
    }

    /// <summary>The etcd image for a Kubernetes version such as "v1.36.1" (the nearest known minor's when it is not in the table).</summary>
    public static Image ImageFor(string repository, string kubernetesVersion)
    {
        var (tag, _) = Lookup(kubernetesVersion);
        return new Image(repository, tag, Digests.GetValueOrDefault(tag));
    }
}
