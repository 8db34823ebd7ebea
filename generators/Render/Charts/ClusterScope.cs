using System.Text.Json.Nodes;

namespace PiCluster.Render.Charts;

/// <summary>
/// Which kinds are cluster-scoped, so objects a chart prints without metadata.namespace get the release namespace only
/// when they are namespaced (what Helm's client does through the API server's discovery). Built-in kinds from the
/// Kubernetes API reference; custom kinds from the scope of the CRDs the tree and the charts carry.
/// </summary>
public sealed class ClusterScope
{
    private static readonly HashSet<(string Group, string Kind)> BuiltIn =
    [
        ("", "Namespace"), ("", "Node"), ("", "PersistentVolume"), ("", "ComponentStatus"),
        ("rbac.authorization.k8s.io", "ClusterRole"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
        ("apiregistration.k8s.io", "APIService"),
        ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"), ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"), ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
        ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"), ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"),
        ("storage.k8s.io", "StorageClass"), ("storage.k8s.io", "CSIDriver"), ("storage.k8s.io", "CSINode"),
        ("storage.k8s.io", "VolumeAttachment"), ("storage.k8s.io", "VolumeAttributesClass"),
        ("scheduling.k8s.io", "PriorityClass"),
        ("networking.k8s.io", "IngressClass"), ("networking.k8s.io", "IPAddress"), ("networking.k8s.io", "ServiceCIDR"),
        ("node.k8s.io", "RuntimeClass"),
        ("certificates.k8s.io", "CertificateSigningRequest"), ("certificates.k8s.io", "ClusterTrustBundle"),
        ("flowcontrol.apiserver.k8s.io", "FlowSchema"), ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
        ("resource.k8s.io", "DeviceClass"), ("resource.k8s.io", "ResourceSlice"),
        ("policy", "PodSecurityPolicy"),
        ("storagemigration.k8s.io", "StorageVersionMigration"), ("internal.apiserver.k8s.io", "StorageVersion"),
    ];

    private readonly HashSet<(string Group, string Kind)> clusterScopedCustom = [];

    /// <summary>Learns the scope of every CustomResourceDefinition among <paramref name="documents"/>.</summary>
    public void Learn(IEnumerable<JsonObject> documents)
    {
        foreach (var crd in documents.Where(IsCrd))
        {
            if (Str(crd["spec"]?["scope"]) == "Cluster") clusterScopedCustom.Add((Str(crd["spec"]?["group"]) ?? "", Str(crd["spec"]?["names"]?["kind"]) ?? ""));
        }
    }

    public bool IsClusterScoped(string group, string kind) => BuiltIn.Contains((group, kind)) || clusterScopedCustom.Contains((group, kind));

    /// <summary>The group of an apiVersion ("" for core "v1").</summary>
    public static string GroupOf(string apiVersion) => apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public static bool IsCrd(JsonObject document) =>
        Str(document["kind"]) == "CustomResourceDefinition" && GroupOf(Str(document["apiVersion"]) ?? "") == "apiextensions.k8s.io";

    /// <summary>"group/version" and "group/version/Kind" for every served version of a CRD: what --api-versions takes.</summary>
    public static IEnumerable<string> ApiVersionsOf(JsonObject crd)
    {
        var group = Str(crd["spec"]?["group"]);
        var kind = Str(crd["spec"]?["names"]?["kind"]);
        if (group is null || kind is null) yield break;
        foreach (var version in (crd["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && served.TryGetValue<bool>(out var s) && !s) continue;
            if (Str(version["name"]) is not { } name) continue;
            yield return $"{group}/{name}";
            yield return $"{group}/{name}/{kind}";
        }
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
