using k8s.Models;

namespace PiCluster.Bootstrap.Drain;

/// <summary>
/// What kubectl drain leaves behind, judged from the API objects (staging/src/k8s.io/kubectl/pkg/drain/filters.go:
/// DaemonSet pods and mirror pods are skipped, finished pods are deleted): a drained node is cordoned and runs nothing
/// drain would still evict.
/// </summary>
public static class DrainState
{
    /// <summary>kubelet.kubernetes.io/config.mirror marks the API copy of a static pod (kubelet/types).</summary>
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    public static bool IsCordoned(V1Node node) => node.Spec?.Unschedulable == true;

    public static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>"v1.36.1": the version the running kubelet reports.</summary>
    public static string? KubeletVersion(V1Node node) => node.Status?.NodeInfo?.KubeletVersion;

    /// <summary>The pods kubectl drain --ignore-daemonsets would still evict or delete from the node.</summary>
    public static IReadOnlyList<V1Pod> Evictable(IEnumerable<V1Pod> pods) =>
    [
        .. pods.Where(p =>
            p.Status?.Phase is not ("Succeeded" or "Failed")
            && p.Metadata?.Annotations?.ContainsKey(MirrorAnnotation) != true
            && p.Metadata?.OwnerReferences?.Any(o => o.Kind == "DaemonSet" && o.Controller == true) != true),
    ];

    public static bool IsDrained(V1Node node, IEnumerable<V1Pod> pods) => IsCordoned(node) && Evictable(pods).Count == 0;
}
