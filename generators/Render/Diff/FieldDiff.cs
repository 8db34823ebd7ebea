using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PiCluster.Render.Diff;

/// <summary>One step of a field path: a map key, a list position, or a list item picked by its identifying field.</summary>
public abstract record PathSegment
{
    public sealed record Property(string Name) : PathSegment;

    public sealed record Index(int Position) : PathSegment;

    /// <summary>A list item named by a field that is unique in the list, e.g. containers[name=flood].</summary>
    public sealed record Keyed(string Field, string Value) : PathSegment;
}

/// <summary>A side of a change: absent (the field does not exist) is not the same as a YAML null.</summary>
public readonly record struct FieldValue(bool Present, JsonNode? Node)
{
    public static readonly FieldValue Absent = new(false, null);

    public static FieldValue Of(JsonNode? node) => new(true, node);
}

/// <summary>A field whose value differs between two versions of an object; <see cref="Reordered"/> marks a keyed list whose items only moved.</summary>
public sealed record FieldChange(IReadOnlyList<PathSegment> Segments, FieldValue Old, FieldValue New, bool Reordered = false)
{
    public string Path => FieldPath.Format(Segments);

    /// <summary>The nearest map key on the path (for "hosts[0]" that is "hosts"): what the field is about.</summary>
    public string? LastKey => Segments.OfType<PathSegment.Property>().LastOrDefault()?.Name;
}

/// <summary>Dotted field paths as a reviewer reads them: spec.values.prometheus.prometheusSpec.retention, containers[name=flood].image.</summary>
public static partial class FieldPath
{
    public static string Format(IEnumerable<PathSegment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case PathSegment.Property p when PlainKey().IsMatch(p.Name):
                    if (text.Length > 0) text.Append('.');
                    text.Append(p.Name);
                    break;
                case PathSegment.Property p:
                    // Keys with dots or slashes (annotations, file names) would make the dotted path ambiguous.
                    text.Append('[').Append(JsonValue.Create(p.Name).ToJsonString()).Append(']');
                    break;
                case PathSegment.Index i:
                    text.Append('[').Append(i.Position).Append(']');
                    break;
                case PathSegment.Keyed k:
                    text.Append('[').Append(k.Field).Append('=').Append(k.Value).Append(']');
                    break;
            }
        }
        return text.ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainKey();
}

/// <summary>
/// Field-by-field difference of two JSON trees. Maps are compared key by key; lists whose items all carry a unique
/// identifying field (containers, ports, env, volumes, volumeMounts …) are matched by it, so a moved or inserted item
/// does not show as every later item changing; other lists are aligned by longest common subsequence.
/// </summary>
public static class FieldDiff
{
    /// <summary>
    /// Fields that name a list item, tried in order; the first one present and unique in both lists wins. Values such as
    /// port numbers are left out on purpose: keyed by them, 80 → 81 would read as one port removed and another added.
    /// </summary>
    public static readonly IReadOnlyList<string> ItemKeys = ["name", "mountPath"];

    public static IReadOnlyList<FieldChange> Compare(JsonNode? old, JsonNode? now)
    {
        var changes = new List<FieldChange>();
        Compare([], FieldValue.Of(old), FieldValue.Of(now), changes);
        return changes;
    }

    private static void Compare(List<PathSegment> path, FieldValue old, FieldValue now, List<FieldChange> changes)
    {
        if (old.Present && now.Present)
        {
            if (JsonNode.DeepEquals(old.Node, now.Node)) return;
            if (old.Node is JsonObject oldMap && now.Node is JsonObject newMap)
            {
                CompareMaps(path, oldMap, newMap, changes);
                return;
            }
            if (old.Node is JsonArray oldList && now.Node is JsonArray newList)
            {
                CompareLists(path, oldList, newList, changes);
                return;
            }
        }
        else if (!old.Present && !now.Present)
        {
            return;
        }
        changes.Add(new FieldChange(path.ToList(), old, now));
    }

    private static void CompareMaps(List<PathSegment> path, JsonObject old, JsonObject now, List<FieldChange> changes)
    {
        var keys = old.Select(p => p.Key).Union(now.Select(p => p.Key)).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var before = old.TryGetPropertyValue(key, out var o) ? FieldValue.Of(o) : FieldValue.Absent;
            var after = now.TryGetPropertyValue(key, out var n) ? FieldValue.Of(n) : FieldValue.Absent;
            path.Add(new PathSegment.Property(key));
            Compare(path, before, after, changes);
            path.RemoveAt(path.Count - 1);
        }
    }

    private static void CompareLists(List<PathSegment> path, JsonArray old, JsonArray now, List<FieldChange> changes)
    {
        if (ItemKey(old, now) is { } field)
        {
            CompareKeyed(path, field, old, now, changes);
        }
        else
        {
            CompareAligned(path, old, now, changes);
        }
    }

    /// <summary>The identifying field of a list of maps: present as a scalar in every item of both lists and unique within each.</summary>
    public static string? ItemKey(JsonArray old, JsonArray now)
    {
        if (old.Count + now.Count == 0 || old.Concat(now).Any(item => item is not JsonObject)) return null;
        foreach (var field in ItemKeys)
        {
            if (UniqueKeys(old, field) is not null && UniqueKeys(now, field) is not null) return field;
        }
        return null;
    }

    private static List<string>? UniqueKeys(JsonArray list, string field)
    {
        var keys = new List<string>(list.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (KeyOf(item!, field) is not { } key || !seen.Add(key)) return null;
            keys.Add(key);
        }
        return keys;
    }

    private static string? KeyOf(JsonNode item, string field) => item[field] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    private static void CompareKeyed(List<PathSegment> path, string field, JsonArray old, JsonArray now, List<FieldChange> changes)
    {
        var oldKeys = UniqueKeys(old, field)!;
        var newKeys = UniqueKeys(now, field)!;
        var newByKey = newKeys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => now[p.i], StringComparer.Ordinal);
        var oldSet = new HashSet<string>(oldKeys, StringComparer.Ordinal);
        for (var i = 0; i < oldKeys.Count; i++)
        {
            path.Add(new PathSegment.Keyed(field, oldKeys[i]));
            Compare(path, FieldValue.Of(old[i]), newByKey.TryGetValue(oldKeys[i], out var match) ? FieldValue.Of(match) : FieldValue.Absent, changes);
            path.RemoveAt(path.Count - 1);
        }
        for (var i = 0; i < newKeys.Count; i++)
        {
            if (oldSet.Contains(newKeys[i])) continue;
            path.Add(new PathSegment.Keyed(field, newKeys[i]));
            changes.Add(new FieldChange(path.ToList(), FieldValue.Absent, FieldValue.Of(now[i])));
            path.RemoveAt(path.Count - 1);
        }
        var oldOrder = oldKeys.Where(newByKey.ContainsKey).ToList();
        var newOrder = newKeys.Where(oldSet.Contains).ToList();
        // Order can matter (env entries that refer to earlier ones, init containers), so a pure move is still shown.
        if (!oldOrder.SequenceEqual(newOrder, StringComparer.Ordinal))
        {
            changes.Add(new FieldChange(path.ToList(), FieldValue.Of(KeyList(oldOrder)), FieldValue.Of(KeyList(newOrder)), Reordered: true));
        }
    }

    private static JsonArray KeyList(IEnumerable<string> keys) => new(keys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());

    /// <summary>
    /// Aligns two lists by their longest common subsequence; within each run of differences, removed and added items
    /// are paired position by position and compared field by field, the rest reported as removed or added.
    /// Paired and added items carry their new position, removed ones their old position.
    /// </summary>
    private static void CompareAligned(List<PathSegment> path, JsonArray old, JsonArray now, List<FieldChange> changes)
    {
        int n = old.Count, m = now.Count;
        var equal = new bool[n, m];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < m; j++)
            equal[i, j] = JsonNode.DeepEquals(old[i], now[j]);
        // lcs[i, j] = length of the longest common subsequence of old[i..] and now[j..].
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        for (var j = m - 1; j >= 0; j--)
            lcs[i, j] = equal[i, j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && equal[x, y])
            {
                x++;
                y++;
                continue;
            }
            var removed = new List<int>();
            var added = new List<int>();
            while ((x < n || y < m) && !(x < n && y < m && equal[x, y]))
            {
                if (y >= m || (x < n && lcs[x + 1, y] >= lcs[x, y + 1])) removed.Add(x++);
                else added.Add(y++);
            }
            var paired = Math.Min(removed.Count, added.Count);
            for (var k = 0; k < paired; k++)
            {
                path.Add(new PathSegment.Index(added[k]));
                Compare(path, FieldValue.Of(old[removed[k]]), FieldValue.Of(now[added[k]]), changes);
                path.RemoveAt(path.Count - 1);
            }
            foreach (var i in removed.Skip(paired))
            {
                path.Add(new PathSegment.Index(i));
                changes.Add(new FieldChange(path.ToList(), FieldValue.Of(old[i]), FieldValue.Absent));
                path.RemoveAt(path.Count - 1);
            }
            foreach (var j in added.Skip(paired))
            {
                path.Add(new PathSegment.Index(j));
                changes.Add(new FieldChange(path.ToList(), FieldValue.Absent, FieldValue.Of(now[j])));
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
