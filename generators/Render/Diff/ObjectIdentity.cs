using System.Text.Json.Nodes;

namespace PiCluster.Render.Diff;

/// <summary>
/// Who an object is in the cluster: API group, kind, namespace, name. The version is left out on purpose, so
/// moving a resource from v1beta1 to v1 shows as a changed apiVersion rather than a removal plus an addition.
/// </summary>
public sealed record ObjectId(string Group, string Kind, string Namespace, string Name) : IComparable<ObjectId>
{
    /// <summary>"HelmRelease monitoring/kube-prometheus-stack", or "Namespace monitoring" for cluster-scoped objects.</summary>
    public string Display => Namespace.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    public int CompareTo(ObjectId? other)
    {
        if (other is null) return 1;
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        if (byNamespace != 0) return byNamespace;
        var byKind = string.CompareOrdinal(Kind, other.Kind);
        if (byKind != 0) return byKind;
        var byName = string.CompareOrdinal(Name, other.Name);
        return byName != 0 ? byName : string.CompareOrdinal(Group, other.Group);
    }

    /// <summary>
    /// The identity of a parsed document. Documents without metadata.name (kustomize's kustomization.yaml is a build
    /// file, not a cluster object) are named by their file path, which is what identifies them.
    /// </summary>
    public static ObjectId Of(JsonObject body, string file)
    {
        var apiVersion = Text(body["apiVersion"]) ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var kind = Text(body["kind"]) ?? "(no kind)";
        var name = Text(body["metadata"]?["name"]);
        return name is null
            ? new ObjectId(group, kind, "", file)
            : new ObjectId(group, kind, Text(body["metadata"]?["namespace"]) ?? "", name);
    }

    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>One document of a rendered tree: its identity, the file it sits in, and its body.</summary>
public sealed record ManifestObject(ObjectId Id, string File, JsonObject Body);
