using System.Text.Json;
using System.Text.Json.Nodes;

namespace PiCluster.Render.Schemas;

/// <summary>
/// For a chart that publishes no values.schema.json (kube-prometheus-stack): the release's values are checked against
/// the chart's own defaults. A key the defaults do not have, under a map the defaults spell out, is a misspelling or a
/// value of another chart version; a map where the default is a scalar (or the reverse), a list where the default is
/// not one, or a non-boolean where the default is a boolean is a type error. Open places are not judged: a default
/// that is null, an empty map or an empty list, and anything under a subchart's key (its defaults live in the
/// subchart, which is not stored), where only the keys the parent chart sets are type-checked.
/// </summary>
internal static class HelmDefaultsCheck
{
    public static IEnumerable<SchemaError> Check(JsonNode? defaults, JsonNode? values, IReadOnlySet<string> subcharts, string prefix)
    {
        if (values is not JsonObject user || defaults is not JsonObject chart)
        {
            return [];
        }
        var errors = new List<SchemaError>();
        foreach (var (key, value) in user.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Walk(chart, key, value, $"{prefix}.{key}", lenient: subcharts.Contains(key), errors);
        }
        return errors;
    }

    private static void Walk(JsonObject parent, string key, JsonNode? value, string path, bool lenient, List<SchemaError> errors)
    {
        if (!parent.TryGetPropertyValue(key, out var fallback))
        {
            if (!lenient && parent.Count > 0)
            {
                errors.Add(new SchemaError(path, $"unknown field \"{key}\": not among the chart's default values ({Nearest(key, parent)})"));
            }
            return;
        }
        if (fallback is null || value is null)
        {
            return; // null default: the chart leaves the type open; null value: Helm deletes the key
        }
        var expected = fallback.GetValueKind();
        var actual = value.GetValueKind();
        if (expected == JsonValueKind.Object)
        {
            if (actual != JsonValueKind.Object)
            {
                errors.Add(new SchemaError(path, $"expected a map like the chart default, got {Describe(actual)}"));
                return;
            }
            var map = (JsonObject)fallback;
            foreach (var (child, childValue) in ((JsonObject)value).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Walk(map, child, childValue, $"{path}.{child}", lenient, errors);
            }
            return;
        }
        if (expected == JsonValueKind.Array && actual != JsonValueKind.Array)
        {
            errors.Add(new SchemaError(path, $"expected a list like the chart default, got {Describe(actual)}"));
        }
        else if (expected is JsonValueKind.True or JsonValueKind.False && actual is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new SchemaError(path, $"expected a boolean like the chart default, got {Describe(actual)}"));
        }
        else if (expected is JsonValueKind.String or JsonValueKind.Number && actual is JsonValueKind.Object or JsonValueKind.Array)
        {
            errors.Add(new SchemaError(path, $"expected a {Describe(expected)} like the chart default, got {Describe(actual)}"));
        }
    }

    private static string Nearest(string key, JsonObject parent)
    {
        var best = parent.Select(p => p.Key).OrderBy(k => Distance(key, k)).ThenBy(k => k, StringComparer.Ordinal).First();
        return Distance(key, best) <= Math.Max(2, key.Length / 3) ? $"did you mean \"{best}\"?" : $"known: {string.Join(", ", parent.Select(p => p.Key).Order(StringComparer.Ordinal).Take(12))}{(parent.Count > 12 ? ", …" : "")}";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "map",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
