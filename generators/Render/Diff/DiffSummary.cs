using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Diff;

/// <summary>What a reviewer checks first, in the order the summary lists them.</summary>
public enum FactCategory { Chart, Address, Host, Port, Replicas, Image, Secret }

/// <summary>One changed field of a summary category, with the object it belongs to and whether that object was added or removed.</summary>
public sealed record SummaryFact(FactCategory Category, ObjectId Object, ChangeKind ObjectChange, string Path, FieldValue Old, FieldValue New);

/// <summary>Picks the summary facts out of object diffs by field name and value: addresses, host names, ports, replicas, images, referenced Secrets, chart versions.</summary>
public static partial class DiffSummary
{
    private static readonly HashSet<string> PortKeys = new(StringComparer.Ordinal) { "port", "targetPort", "containerPort", "nodePort", "hostPort", "exposedPort" };
    private static readonly HashSet<string> HostKeys = new(StringComparer.Ordinal) { "host", "hosts", "hostname", "hostnames", "domain" };
    private static readonly HashSet<string> ReplicaKeys = new(StringComparer.Ordinal) { "replicas", "replicaCount" };
    private static readonly HashSet<string> ImagePartKeys = new(StringComparer.Ordinal) { "repository", "tag", "registry", "digest" };
    private static readonly HashSet<string> SecretKeys = new(StringComparer.Ordinal) { "secretName", "existingSecret" };
    private static readonly HashSet<string> SecretRefParents = new(StringComparer.Ordinal) { "secretKeyRef", "secretRef", "imagePullSecrets", "valuesFrom" };

    public static IReadOnlyList<SummaryFact> Collect(IEnumerable<ObjectDiff> diffs)
    {
        var facts = new List<SummaryFact>();
        foreach (var diff in diffs)
        {
            var changes = diff.Kind switch
            {
                ChangeKind.Added => [new FieldChange([], FieldValue.Absent, FieldValue.Of(Shown(diff.Id, diff.NewBody!)))],
                ChangeKind.Removed => [new FieldChange([], FieldValue.Of(Shown(diff.Id, diff.OldBody!)), FieldValue.Absent)],
                _ => diff.Fields,
            };
            foreach (var change in changes)
            foreach (var leaf in DiffLines.Leaves(change))
            {
                if (Classify(diff.Id, leaf) is { } category)
                {
                    facts.Add(new SummaryFact(category, diff.Id, diff.Kind, FieldPath.Format(leaf.Segments), leaf.Old, leaf.New));
                }
            }
        }
        return facts.OrderBy(f => f.Category).ToList();
    }

    /// <summary>An added or removed object as it may be shown: Secret values hidden.</summary>
    internal static JsonObject Shown(ObjectId id, JsonObject body) =>
        id.Group.Length == 0 && id.Kind == ApiOf<V1Secret>.Kind ? SecretRedaction.Redact(body) : body;

    private static FactCategory? Classify(ObjectId id, DiffLines.Leaf leaf)
    {
        var key = leaf.Change.LastKey ?? "";
        var path = leaf.Change.Path;
        var segments = leaf.Segments.OfType<PathSegment.Property>().Select(p => p.Name).ToList();
        if (id.Kind == HelmRelease.KindName && path is "spec.chart.spec.version" or "spec.chart.spec.chart") return FactCategory.Chart;
        if (key == "image" || ImagePartKeys.Contains(key) && segments.Count >= 2 && segments[^2] == "image") return FactCategory.Image;
        if (Values(leaf).Any(v => Ipv4().IsMatch(v))) return FactCategory.Address;
        if (HostKeys.Contains(key) || key == "match" && Values(leaf).Any(v => v.Contains("Host(", StringComparison.Ordinal))) return FactCategory.Host;
        if (PortKeys.Contains(key)) return FactCategory.Port;
        if (ReplicaKeys.Contains(key)) return FactCategory.Replicas;
        if (SecretKeys.Contains(key) || key == "secret" && leaf.IsScalar) return FactCategory.Secret;
        if (key == "name" && segments.Any(SecretRefParents.Contains) && !(leaf.Parent?["kind"] is JsonValue k && k.ToString() == "ConfigMap"))
            return FactCategory.Secret;
        if (id.Group.Length == 0 && id.Kind == ApiOf<V1Secret>.Kind && path == "metadata.name") return FactCategory.Secret;
        return null;
    }

    private static IEnumerable<string> Values(DiffLines.Leaf leaf) =>
        new[] { leaf.Old, leaf.New }.Where(v => v.Present).Select(v => ObjectId.Text(v.Node)).OfType<string>();

    [GeneratedRegex(@"(?<![0-9.])(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4();
}
