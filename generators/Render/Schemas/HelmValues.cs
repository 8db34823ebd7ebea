using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PiCluster.Render.Schemas;

/// <summary>A chart's values schema with the chart defaults it is checked against.</summary>
internal sealed record HelmChartSchema(string Chart, CompiledSchema Schema, JsonNode Defaults);

/// <summary>Helm values merging, matching how Helm coalesces a release's values over the chart defaults.</summary>
internal static partial class HelmValues
{
    /// <summary>
    /// Deep-merges <paramref name="user"/> over <paramref name="defaults"/>: maps merge, anything else from the user
    /// replaces the default, and a user null deletes the key. Inputs are not modified.
    /// </summary>
    public static JsonNode? Merge(JsonNode? defaults, JsonNode? user)
    {
        if (user is not JsonObject userMap)
        {
            return user is null ? defaults?.DeepClone() : WithoutNulls(user);
        }
        if (defaults is not JsonObject defaultMap)
        {
            return WithoutNulls(userMap);
        }
        var merged = (JsonObject)defaultMap.DeepClone();
        foreach (var (key, value) in userMap)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = Merge(merged[key], value);
            }
        }
        return merged;
    }

    /// <summary>User nulls under keys the defaults lack delete nothing, but must not reach the schema either.</summary>
    private static JsonNode WithoutNulls(JsonNode node) => node switch
    {
        JsonObject map => new JsonObject(map.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)WithoutNulls(p.Value!)))),
        _ => node.DeepClone(),
    };

    /// <summary>
    /// Maps "https://json-schema.org/draft-07/schema#" and similar spellings to the URI JsonSchema.Net knows, so the
    /// intended draft is used instead of failing to resolve the meta-schema.
    /// </summary>
    public static void NormalizeMetaSchema(JsonObject schema)
    {
        if (schema["$schema"] is not JsonValue value || !value.TryGetValue<string>(out var uri))
        {
            return;
        }
        var draft = DraftUri().Match(uri.Trim());
        if (!draft.Success)
        {
            return;
        }
        var name = draft.Groups["name"].Value;
        schema["$schema"] = name.StartsWith("draft-0", StringComparison.Ordinal)
            ? $"http://json-schema.org/{name}/schema#"
            : $"https://json-schema.org/{name}/schema";
    }

    [GeneratedRegex(@"^https?://json-schema\.org/(?<name>draft-06|draft-07|draft/2019-09|draft/2020-12)/schema#?$", RegexOptions.CultureInvariant)]
    private static partial Regex DraftUri();
}

/// <summary>The helm-values folder: values schemas and chart defaults, each built once, with the chart versions sources.tsv pins them to.</summary>
internal sealed class HelmChartCatalog(string dir, IReadOnlyDictionary<string, ChartPin> pins)
{
    private readonly Dictionary<string, HelmChartSchema?> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _defaults = new(StringComparer.Ordinal);

    /// <summary>The chart version the stored files were taken from (sources.tsv "chart X.Y.Z"), if recorded.</summary>
    public string? PinnedVersion(string chart) => pins.TryGetValue(chart, out var pin) ? pin.Version : null;

    /// <summary>The keys of the chart's values that belong to subcharts (sources.tsv "(subcharts: …)"), whose defaults are not stored.</summary>
    public IReadOnlySet<string> Subcharts(string chart) => pins.TryGetValue(chart, out var pin) ? pin.Subcharts : new HashSet<string>();

    /// <summary>The chart's default values (<c>&lt;chart&gt;.values.yaml</c>), or null when not stored.</summary>
    public JsonNode? Defaults(string chart)
    {
        if (_defaults.TryGetValue(chart, out var cached))
        {
            return cached;
        }
        var valuesFile = IsPlainName(chart) ? Path.Combine(dir, chart + ".values.yaml") : null;
        var result = valuesFile is not null && File.Exists(valuesFile) ? YamlJson.LoadSingle(File.ReadAllText(valuesFile)) : null;
        _defaults[chart] = result;
        return result;
    }

    // Chart names come from rendered input: refuse anything that could leave the folder.
    private static bool IsPlainName(string chart) => chart.IndexOfAny(['/', '\\']) < 0 && chart is not ("." or "..");

    /// <summary>The chart's values schema and defaults, or null when no <c>&lt;chart&gt;.schema.json</c> exists.</summary>
    public HelmChartSchema? Find(string chart)
    {
        if (_schemas.TryGetValue(chart, out var cached))
        {
            return cached;
        }
        var schemaFile = IsPlainName(chart) ? Path.Combine(dir, chart + ".schema.json") : null;
        HelmChartSchema? result = null;
        if (schemaFile is not null && File.Exists(schemaFile) && JsonNode.Parse(File.ReadAllText(schemaFile)) is JsonObject source)
        {
            HelmValues.NormalizeMetaSchema(source);
            result = new HelmChartSchema(chart, CompiledSchema.From(source), Defaults(chart) ?? new JsonObject());
        }
        _schemas[chart] = result;
        return result;
    }
}
