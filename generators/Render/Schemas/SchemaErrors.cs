using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace PiCluster.Render.Schemas;

/// <summary>Evaluation options for the quick validity check and for collecting all errors.</summary>
internal sealed record ValidationOptions(EvaluationOptions Flag, EvaluationOptions Detailed)
{
    // Hierarchical output keeps the tree, so errors of alternatives that did not matter can be told apart.
    public static ValidationOptions Create() =>
        new(new EvaluationOptions { OutputFormat = OutputFormat.Flag }, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
}

/// <summary>One schema violation at a JSON path of the validated document.</summary>
internal sealed record SchemaError(string JsonPath, string Message);

/// <summary>Turns JsonSchema.Net hierarchical results into readable errors with JSON paths.</summary>
internal static partial class SchemaErrors
{
    private const string FalseSchemaMessage = "All values fail against the false schema";

    private sealed record RawError(string InstancePointer, string EvaluationPath, Uri SchemaLocation, string Keyword, string Message);

    /// <summary>Evaluates and collects every error; <paramref name="pathPrefix"/> is the JSON path of <paramref name="instance"/>.</summary>
    public static IReadOnlyList<SchemaError> Validate(CompiledSchema schema, JsonNode? instance, string pathPrefix, ValidationOptions options)
    {
        // Most documents are valid: the short-circuiting flag pass is much cheaper than collecting the full tree.
        if (schema.Schema.Evaluate(instance, options.Flag).IsValid)
        {
            return [];
        }
        var results = schema.Schema.Evaluate(instance, options.Detailed);
        var raw = new List<RawError>();
        CollectFailures(results, raw);
        return GroupAlternatives(raw)
            .Select(e => new SchemaError(ToJsonPath(pathPrefix, e.InstancePointer, instance), Describe(e, schema.Source)))
            .Distinct()
            .ToList();
    }

    /// <summary>Walks only failed nodes, so branches of a passing anyOf or a false "if" do not leak errors.</summary>
    private static void CollectFailures(EvaluationResults node, List<RawError> sink)
    {
        if (node.IsValid || LastSegment(node.EvaluationPath.ToString()) is "if" or "not")
        {
            return;
        }
        if (node.Errors is { } errors)
        {
            foreach (var (keyword, message) in errors)
            {
                sink.Add(new RawError(node.InstanceLocation.ToString(), node.EvaluationPath.ToString(), node.SchemaLocation, keyword, message));
            }
        }
        if (node.HasDetails)
        {
            foreach (var child in node.Details)
            {
                CollectFailures(child, sink);
            }
        }
    }

    /// <summary>Merges the per-branch errors of a failed anyOf/oneOf into one error at the combinator's instance location.</summary>
    private static IEnumerable<RawError> GroupAlternatives(List<RawError> raw)
    {
        var plain = raw.Where(e => CombinatorPrefix(e.EvaluationPath) is null);
        var grouped = raw
            .Where(e => CombinatorPrefix(e.EvaluationPath) is not null)
            .GroupBy(e => CombinatorPrefix(e.EvaluationPath)!, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.OrderBy(e => e.InstancePointer.Length).ThenBy(e => e.InstancePointer, StringComparer.Ordinal).First();
                var messages = g.Select(e => Describe(e, null)).Distinct(StringComparer.Ordinal);
                return first with { Keyword = "anyOf", Message = "matches none of the allowed alternatives: " + string.Join(" | ", messages) };
            });
        return plain.Concat(grouped);
    }

    private static string? CombinatorPrefix(string evaluationPath)
    {
        var match = Combinator().Match(evaluationPath);
        return match.Success ? evaluationPath[..match.Index] : null;
    }

    private static string Describe(RawError error, JsonNode? schemaSource)
    {
        if (error.Keyword == "anyOf")
        {
            return error.Message;
        }
        if (error.Message == FalseSchemaMessage)
        {
            var parent = LastSegment(error.EvaluationPath);
            var field = LastSegment(error.InstancePointer);
            if (parent is "additionalProperties" or "unevaluatedProperties")
            {
                return $"unknown field \"{field}\"" + Suggestion(field, KnownFields(schemaSource, error.SchemaLocation));
            }
            return $"field \"{field}\" is not allowed";
        }
        if (error.Keyword == "enum" && SchemaNodeAt(schemaSource, error.SchemaLocation)?["enum"] is JsonArray allowed)
        {
            return "value must be one of: " + string.Join(", ", allowed.Select(v => v?.ToJsonString() ?? "null"));
        }
        return error.Message;
    }

    /// <summary>Property names declared next to the failing additionalProperties, found through the absolute schema location.</summary>
    private static IReadOnlyList<string> KnownFields(JsonNode? schemaSource, Uri location) =>
        SchemaNodeAt(schemaSource, location, skipLast: true)?["properties"] is JsonObject properties
            ? properties.Select(p => p.Key).ToList()
            : [];

    /// <summary>The schema node an absolute schema location points at (our schemas only use local references).</summary>
    private static JsonNode? SchemaNodeAt(JsonNode? schemaSource, Uri location, bool skipLast = false)
    {
        var segments = PointerSegments(Uri.UnescapeDataString(location.Fragment.TrimStart('#')));
        if (schemaSource is null || (skipLast && segments.Count == 0))
        {
            return null;
        }
        var node = schemaSource;
        foreach (var segment in skipLast ? segments.Take(segments.Count - 1) : segments)
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    /// <summary>A "did you mean" hint: a case-insensitive match or the closest name within a small edit distance.</summary>
    public static string Suggestion(string field, IReadOnlyList<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: string.Equals(k, field, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance(field, k)))
            .Where(c => c.Distance <= Math.Max(2, field.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
        return best is null ? "" : $"; did you mean \"{best}\"?";
    }

    public static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.Length];
    }

    /// <summary>"/spec/items/0/name" → "$.spec.items[0].name", using the instance to tell array indexes from keys.</summary>
    public static string ToJsonPath(string prefix, string pointer, JsonNode? instance)
    {
        var path = new StringBuilder(prefix);
        var node = instance;
        foreach (var segment in PointerSegments(pointer))
        {
            if (node is JsonArray array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                node = index < array.Count ? array[index] : null;
                continue;
            }
            path.Append(PlainKey().IsMatch(segment) ? "." + segment : "['" + segment.Replace("'", "\\'", StringComparison.Ordinal) + "']");
            node = node is JsonObject obj ? obj[segment] : null;
        }
        return path.ToString();
    }

    private static List<string> PointerSegments(string pointer) =>
        pointer.Length == 0
            ? []
            : pointer.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();

    private static string LastSegment(string pointer)
    {
        var segments = PointerSegments(pointer);
        return segments.Count == 0 ? "" : segments[^1];
    }

    [GeneratedRegex(@"/(anyOf|oneOf)/[0-9]+(/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Combinator();

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainKey();
}
