using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DiffPlex.Renderer;

namespace PiCluster.Render.Diff;

/// <summary>The detail lines of an object diff, shared by the text and Markdown formats: one "path: old → new" line per leaf field.</summary>
public static partial class DiffLines
{
    public const string Arrow = " → ";
    public const string None = "(none)";

    /// <summary>A scalar field (or an empty map/list) within a change; a change of whole subtrees yields one leaf per field in it.</summary>
    public sealed record Leaf(FieldChange Change, JsonObject? Parent)
    {
        public IReadOnlyList<PathSegment> Segments => Change.Segments;
        public FieldValue Old => Change.Old;
        public FieldValue New => Change.New;
        public bool IsScalar => IsLeafValue(Old) && IsLeafValue(New);
    }

    public static IEnumerable<Leaf> Leaves(FieldChange change)
    {
        if (change.Reordered || IsLeafValue(change.Old) && IsLeafValue(change.New))
        {
            return [new Leaf(change, null)];
        }
        var old = change.Old.Present ? Flatten(change.Segments, change.Old.Node, null).Select(l => new Leaf(new FieldChange(l.Path, FieldValue.Of(l.Value), FieldValue.Absent), l.Parent)) : [];
        var now = change.New.Present ? Flatten(change.Segments, change.New.Node, null).Select(l => new Leaf(new FieldChange(l.Path, FieldValue.Absent, FieldValue.Of(l.Value)), l.Parent)) : [];
        return old.Concat(now);
    }

    private static bool IsLeafValue(FieldValue value) =>
        !value.Present || value.Node switch
        {
            JsonObject map => map.Count == 0,
            JsonArray list => list.Count == 0,
            _ => true,
        };

    private static IEnumerable<(IReadOnlyList<PathSegment> Path, JsonNode? Value, JsonObject? Parent)> Flatten(IReadOnlyList<PathSegment> path, JsonNode? node, JsonObject? parent)
    {
        switch (node)
        {
            case JsonObject map when map.Count > 0:
                foreach (var (key, value) in map)
                foreach (var leaf in Flatten([.. path, new PathSegment.Property(key)], value, map))
                    yield return leaf;
                break;
            case JsonArray list when list.Count > 0:
                for (var i = 0; i < list.Count; i++)
                foreach (var leaf in Flatten([.. path, new PathSegment.Index(i)], list[i], parent))
                    yield return leaf;
                break;
            default:
                yield return (path, node, parent);
                break;
        }
    }

    /// <summary>Detail lines of one object: its fields for a change, every field for an addition, nothing for a removal.</summary>
    public static IReadOnlyList<string> For(ObjectDiff diff)
    {
        var lines = new List<string>();
        switch (diff.Kind)
        {
            case ChangeKind.Changed:
                if (diff.Moved) lines.Add($"(file): {diff.OldFile}{Arrow}{diff.NewFile}");
                foreach (var change in diff.Fields)
                foreach (var leaf in Leaves(change))
                    AddLeaf(lines, leaf.Change, added: false);
                break;
            case ChangeKind.Added:
                var body = (JsonObject)DiffSummary.Shown(diff.Id, diff.NewBody!).DeepClone();
                // Identity fields are already in the heading.
                body.Remove("kind");
                if (body["metadata"] is JsonObject metadata)
                {
                    metadata.Remove("name");
                    metadata.Remove("namespace");
                    if (metadata.Count == 0) body.Remove("metadata");
                }
                foreach (var leaf in Leaves(new FieldChange([], FieldValue.Absent, FieldValue.Of(body))))
                    AddLeaf(lines, leaf.Change, added: true);
                break;
        }
        return lines;
    }

    private static void AddLeaf(List<string> lines, FieldChange change, bool added)
    {
        var path = change.Path;
        if (change.Reordered)
        {
            lines.Add($"{path}: order {KeyList(change.Old)}{Arrow}{KeyList(change.New)}");
            return;
        }
        var oldText = change.Old.Node is JsonValue o && o.TryGetValue<string>(out var os) ? os : null;
        var newText = change.New.Node is JsonValue n && n.TryGetValue<string>(out var ns) ? ns : null;
        if (oldText?.Contains('\n') == true || newText?.Contains('\n') == true)
        {
            lines.Add(added ? $"{path}: |" : $"{path}: (text, changed lines)");
            lines.AddRange(added ? Lines(newText ?? "").Select(l => "    " + l) : TextDiff(oldText ?? "", newText ?? ""));
            return;
        }
        lines.Add(added ? $"{path}: {Value(change.New)}" : $"{path}: {Value(change.Old)}{Arrow}{Value(change.New)}");
    }

    private static string KeyList(FieldValue value) =>
        value.Node is JsonArray list ? string.Join(", ", list.Select(k => k?.ToString())) : Value(value);

    private static IEnumerable<string> Lines(string text) => text.TrimEnd('\n').Split('\n');

    /// <summary>A unified diff of two multi-line strings (scripts, config files), without its file header, indented under the field.</summary>
    private static IEnumerable<string> TextDiff(string old, string now) =>
        UnidiffRenderer.GenerateUnidiff(old, now, "a", "b", ignoreWhitespace: false, ignoreCase: false, contextLines: 2)
            .Replace("\r\n", "\n")
            .Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith("--- ", StringComparison.Ordinal) && !l.StartsWith("+++ ", StringComparison.Ordinal))
            .Select(l => "    " + l);

    /// <summary>A value as a reviewer reads it: plain when unambiguous, JSON-quoted otherwise, "(none)" when the field does not exist.</summary>
    public static string Value(FieldValue value)
    {
        if (!value.Present) return None;
        return value.Node switch
        {
            null => "null",
            JsonValue v when v.TryGetValue<string>(out var s) => PlainString().IsMatch(s) && !ReadsAsOtherType(s) && s != None ? s : JsonValue.Create(s).ToJsonString(Compact),
            JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
            JsonValue v => v.ToJsonString(),
            var other => other.ToJsonString(Compact),
        };
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Plain: starts and ends with a visible character and has nothing that reads as syntax in "path: old → new".
    [GeneratedRegex(@"^[A-Za-z0-9_./@:+=%*(),\[\]{}<>!?&|^$#~'-](?:[^\n""→]*[^\s""→])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainString();

    // A string that a YAML reader would take for a number, bool or null is quoted, so "8080" → 8080 shows the type change.
    private static bool ReadsAsOtherType(string s) =>
        Schemas.YamlJson.ResolvePlain(s) is not JsonValue v || v.GetValueKind() != JsonValueKind.String || YamlOneOneBool().IsMatch(s);

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlOneOneBool();

    /// <summary>Where the object is, unless its name already is the file (kustomization.yaml build files).</summary>
    public static string FileNote(ObjectDiff diff) => diff.Id.Name == diff.File ? "" : diff.File;
}
