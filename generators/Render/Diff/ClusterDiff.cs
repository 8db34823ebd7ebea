using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;
using PiCluster.Render.Schemas;

namespace PiCluster.Render.Diff;

public enum ChangeKind { Added, Removed, Changed }

/// <summary>An object that differs between the two trees; for a change, its fields (HelmRelease values already merged over chart defaults).</summary>
public sealed record ObjectDiff(ObjectId Id, ChangeKind Kind, string? OldFile, string? NewFile, JsonObject? OldBody, JsonObject? NewBody, IReadOnlyList<FieldChange> Fields)
{
    public bool Moved => Kind == ChangeKind.Changed && OldFile != NewFile;

    /// <summary>The file the object is in now (or was in, when removed).</summary>
    public string File => NewFile ?? OldFile ?? "";
}

/// <summary>A non-object file (rendered/README.md, YAML that does not parse) that differs.</summary>
public sealed record FileDiff(string Path, ChangeKind Kind);

/// <summary>Everything that differs between a base tree and a new one, with the facts a reviewer looks at first.</summary>
public sealed record TreeComparison(IReadOnlyList<ObjectDiff> Objects, IReadOnlyList<FileDiff> OtherFiles, int Unchanged, IReadOnlyList<SummaryFact> Summary)
{
    public bool HasChanges => Objects.Count > 0 || OtherFiles.Count > 0;

    /// <summary>Changed fields the API server refuses to update (<see cref="ImmutableFields"/>): listed first in the summary.</summary>
    public IReadOnlyList<RecreateNeeded> Recreates { get; init; } = [];

    public int Count(ChangeKind kind) => Objects.Count(o => o.Kind == kind);
}

/// <summary>Object-by-object comparison of two rendered trees (relative path → text).</summary>
public static class ClusterDiff
{
    private const string HelmGroup = HelmRelease.Group;

    /// <param name="chartDefaults">
    /// A chart's default values by chart name, or null when unknown. A changed HelmRelease's values are compared after
    /// merging them over these defaults the way Helm does, so setting a value to its default is no change, and removing
    /// an override shows the value the chart falls back to.
    /// </param>
    public static TreeComparison Compare(
        IReadOnlyDictionary<string, string> baseTree,
        IReadOnlyDictionary<string, string> newTree,
        Func<string, JsonNode?>? chartDefaults = null)
    {
        var (before, after) = RenderedObjects.ParseBoth(baseTree, newTree);
        var diffs = new List<ObjectDiff>();
        var unchanged = 0;
        foreach (var id in before.Objects.Keys.Union(after.Objects.Keys).Order())
        {
            before.Objects.TryGetValue(id, out var old);
            after.Objects.TryGetValue(id, out var now);
            if (old is null)
            {
                diffs.Add(new ObjectDiff(id, ChangeKind.Added, null, now!.File, null, now.Body, []));
                continue;
            }
            if (now is null)
            {
                diffs.Add(new ObjectDiff(id, ChangeKind.Removed, old.File, null, old.Body, null, []));
                continue;
            }
            // Parsed once from a file that did not change: nothing to compare.
            if (ReferenceEquals(old.Body, now.Body) && old.File == now.File)
            {
                unchanged++;
                continue;
            }
            var (oldBody, newBody) = Comparable(id, old.Body, now.Body, chartDefaults);
            var fields = FieldDiff.Compare(oldBody, newBody);
            if (fields.Count == 0 && old.File == now.File)
            {
                unchanged++;
                continue;
            }
            diffs.Add(new ObjectDiff(id, ChangeKind.Changed, old.File, now.File, oldBody, newBody, fields));
        }
        var files = before.OtherFiles.Keys.Union(after.OtherFiles.Keys).Order(StringComparer.Ordinal)
            .Select(path => (path, old: before.OtherFiles.GetValueOrDefault(path), now: after.OtherFiles.GetValueOrDefault(path)))
            .Where(f => f.old != f.now)
            .Select(f => new FileDiff(f.path, f.old is null ? ChangeKind.Added : f.now is null ? ChangeKind.Removed : ChangeKind.Changed))
            .ToList();
        return new TreeComparison(diffs, files, unchanged, DiffSummary.Collect(diffs)) { Recreates = ImmutableFields.Find(diffs) };
    }

    /// <summary>The two bodies as they are compared: Secret data replaced by markers, HelmRelease values merged over chart defaults.</summary>
    private static (JsonObject Old, JsonObject New) Comparable(ObjectId id, JsonObject old, JsonObject now, Func<string, JsonNode?>? chartDefaults)
    {
        if (id.Group.Length == 0 && id.Kind == ApiOf<V1Secret>.Kind) return SecretRedaction.Redact(old, now);
        if (id.Group == HelmGroup && id.Kind == HelmRelease.KindName && chartDefaults is not null)
        {
            return (WithMergedValues(old, chartDefaults), WithMergedValues(now, chartDefaults));
        }
        return (old, now);
    }

    private static JsonObject WithMergedValues(JsonObject release, Func<string, JsonNode?> chartDefaults)
    {
        var chart = ObjectId.Text(release["spec"]?["chart"]?["spec"]?["chart"]);
        if (chart is null || chartDefaults(chart) is not { } defaults || release["spec"] is not JsonObject) return release;
        var copy = (JsonObject)release.DeepClone();
        copy["spec"]!["values"] = HelmValues.Merge(defaults, release["spec"]!["values"]);
        return copy;
    }
}

/// <summary>Secret values never reach the output: each key's value is replaced by a marker that only says whether it changed.</summary>
public static class SecretRedaction
{
    public const string Hidden = "(value hidden)";
    public const string HiddenChanged = "(value hidden, changed)";

    public static (JsonObject Old, JsonObject New) Redact(JsonObject old, JsonObject now)
    {
        var oldCopy = (JsonObject)old.DeepClone();
        var newCopy = (JsonObject)now.DeepClone();
        foreach (var field in new[] { "data", "stringData" })
        {
            var oldData = oldCopy[field] as JsonObject;
            var newData = newCopy[field] as JsonObject;
            foreach (var key in (oldData?.Select(p => p.Key) ?? []).Union(newData?.Select(p => p.Key) ?? []).ToList())
            {
                var same = JsonNode.DeepEquals(oldData?[key], newData?[key]);
                if (oldData is not null && oldData.ContainsKey(key)) oldData[key] = Hidden;
                if (newData is not null && newData.ContainsKey(key)) newData[key] = same ? Hidden : HiddenChanged;
            }
            // A data field that is not a map (malformed) is hidden whole.
            if (oldCopy[field] is { } o && o is not JsonObject) oldCopy[field] = Hidden;
            if (newCopy[field] is { } n && n is not JsonObject) newCopy[field] = JsonNode.DeepEquals(old[field], now[field]) ? Hidden : HiddenChanged;
        }
        return (oldCopy, newCopy);
    }

    /// <summary>An added or removed Secret, shown with its keys but not their values.</summary>
    public static JsonObject Redact(JsonObject secret) => Redact(secret, secret).New;
}
