using k8s.Models;

namespace PiCluster.Render.Components;

/// <summary>Object metadata with explicit names; labels and annotations only when given.</summary>
public static class Meta
{
    public static V1ObjectMeta Of(string name, string? ns = null, IDictionary<string, string>? labels = null, IDictionary<string, string>? annotations = null) =>
        new() { Name = name, NamespaceProperty = ns, Labels = labels, Annotations = annotations };

    /// <summary>A namespace whose pods may use host networking and privileged containers (CNI, MetalLB speaker, node agents).</summary>
    public static V1Namespace PrivilegedNamespace(string name, IDictionary<string, string>? extraLabels = null)
    {
        var labels = new Dictionary<string, string>
        {
            ["pod-security.kubernetes.io/enforce"] = "privileged",
            ["pod-security.kubernetes.io/audit"] = "privileged",
            ["pod-security.kubernetes.io/warn"] = "privileged",
        };
        foreach (var (key, value) in extraLabels ?? new Dictionary<string, string>()) labels[key] = value;
        return new V1Namespace { ApiVersion = ApiOf<V1Namespace>.Version, Kind = ApiOf<V1Namespace>.Kind, Metadata = Of(name, labels: labels) };
    }

    public static V1Namespace Namespace(string name) =>
        new() { ApiVersion = ApiOf<V1Namespace>.Version, Kind = ApiOf<V1Namespace>.Kind, Metadata = Of(name) };
}
