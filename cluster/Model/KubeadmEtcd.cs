using System.Globalization;

namespace PiCluster.Cluster.Model;

/// <summary>
/// The etcd image kubeadm runs for a Kubernetes minor, so the backup's etcdctl always matches the server it talks to.
/// Table from kubernetes/kubernetes cmd/kubeadm/app/constants/constants.go (SupportedEtcdVersion): 1.34–1.36 run
/// 3.6.9-0 since kubernetes PR #137956 (as quoted in etcd-io/etcd Documentation/contributor-guide/bump_etcd_version_k8s.md).
/// Add a row when the model moves to a new minor; an unknown minor stops render rather than guessing.
/// </summary>
public static class KubeadmEtcd
{
    /// <summary>Kubernetes minor → etcd image tag kubeadm deploys.</summary>
    public static readonly IReadOnlyDictionary<int, string> SupportedEtcdVersion = new Dictionary<int, string>
    {
        [34] = "3.6.9-0",
        [35] = "3.6.9-0",
        [36] = "3.6.9-0",
    };

    /// <summary>
    /// Multi-arch index digests of registry.k8s.io/etcd tags, from kubernetes/k8s.io
    /// registry.k8s.io/images/k8s-staging-etcd/images.yaml (quoted in the etcd-io/etcd bump guide above).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Digests = new Dictionary<string, string>
    {
        ["3.6.9-0"] = "sha256:38e46ab26aa2a82251d3f24cbbdaefe2e68a66346404ee4b7afe7e90db26805d",
    };

    /// <summary>The etcd image for a Kubernetes version such as "v1.36.1".</summary>
    public static Image ImageFor(string repository, string kubernetesVersion)
    {
        var parts = kubernetesVersion.TrimStart('v').Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            throw new ClusterInputException($"Kubernetes.Version: \"{kubernetesVersion}\" is not a version like v1.36.1");
        if (!SupportedEtcdVersion.TryGetValue(minor, out var tag))
        {
            throw new ClusterInputException(
                $"Kubernetes.Version: \"{kubernetesVersion}\": no etcd version known for 1.{minor} (known: {string.Join(", ", SupportedEtcdVersion.Keys.Order().Select(m => "1." + m))}); " +
                "add kubeadm's SupportedEtcdVersion entry to KubeadmEtcd");
        }
        return new Image(repository, tag, Digests.GetValueOrDefault(tag));
    }
}
