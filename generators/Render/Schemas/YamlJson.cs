using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PiCluster.Render.Schemas;

/// <summary>YAML → <see cref="JsonNode"/> conversion with YAML 1.2 core-schema typing, as Kubernetes sees the values.</summary>
internal static partial class YamlJson
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>Parses every document of a (multi-document) YAML text; an empty document becomes null.</summary>
    /// <remarks>
    /// Builds the JSON straight from the parser's events (no YamlStream in between: a chart's CRDs run to megabytes and
    /// the representation model tripled the time). An alias gives a copy of its anchor's node, as a reader sees it.
    /// </remarks>
    public static IReadOnlyList<JsonNode?> LoadDocuments(string text)
    {
        // MergingParser resolves "<<" merge keys the way kubectl's YAML decoder does.
        var parser = new MergingParser(new Parser(new StringReader(text)));
        var documents = new List<JsonNode?>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            documents.Add(ReadNode(parser, anchors));
            parser.Consume<DocumentEnd>();
        }
        parser.Consume<StreamEnd>();
        return documents;
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var anchored)
                ? anchored?.DeepClone()
                : throw new AnchorNotFoundException(alias.Start, alias.End, $"Alias ${alias.Value} cannot precede anchor declaration");
        }
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return Anchored(scalar.Anchor, ScalarToJson(scalar.Value, scalar.Tag, scalar.Style), anchors);
        }
        if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _)) array.Add(ReadNode(parser, anchors));
            return Anchored(sequence.Anchor, array, anchors);
        }
        var mapping = parser.Consume<MappingStart>();
        var obj = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Accept<Scalar>(out var plainKey) && plainKey.Anchor.IsEmpty ? Skip(parser, plainKey.Value) : KeyText(ReadNode(parser, anchors));
            // JSON keys are strings; a later duplicate wins as in encoding/json.
            obj[key] = ReadNode(parser, anchors);
        }
        return Anchored(mapping.Anchor, obj, anchors);
    }

    private static string Skip(IParser parser, string key)
    {
        parser.MoveNext();
        return key;
    }

    private static string KeyText(JsonNode? key) => key switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => key.ToJsonString(),
    };

    private static JsonNode? Anchored(AnchorName anchor, JsonNode? node, Dictionary<string, JsonNode?> anchors)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
        return node;
    }

    /// <summary>Parses a single-document YAML text (e.g. chart default values).</summary>
    public static JsonNode? LoadSingle(string text) => LoadDocuments(text).FirstOrDefault();

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => MappingToJson(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => ScalarToJson(scalar),
        _ => null,
    };

    private static JsonObject MappingToJson(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            // JSON keys are strings; a later duplicate wins as in encoding/json.
            obj[KeyText(key)] = ToJson(value);
        }
        return obj;
    }

    private static string KeyText(YamlNode key) => key is YamlScalarNode s ? s.Value ?? "" : key.ToString();

    /// <summary>Types a scalar: explicit core tags first, then quoting/block style, then the plain-scalar resolution rules.</summary>
    public static JsonNode? ScalarToJson(YamlScalarNode scalar) => ScalarToJson(scalar.Value ?? "", scalar.Tag, scalar.Style);

    private static JsonNode? ScalarToJson(string value, TagName tagName, ScalarStyle style)
    {
        var tag = tagName.IsEmpty || tagName.IsNonSpecific ? "" : tagName.Value;
        if (tag.StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            return TypedByTag(tag[TagPrefix.Length..], value);
        }
        return style is ScalarStyle.Plain or ScalarStyle.Any && tag.Length == 0
            ? ResolvePlain(value)
            : JsonValue.Create(value);
    }

    private static JsonNode? TypedByTag(string tag, string value) => tag switch
    {
        "null" => null,
        "bool" => ParseBool(value) is { } b ? JsonValue.Create(b) : JsonValue.Create(value),
        "int" => ParseInt(value) ?? JsonValue.Create(value),
        "float" => ParseFloat(value) ?? ParseInt(value) ?? JsonValue.Create(value),
        _ => JsonValue.Create(value),
    };

    /// <summary>YAML 1.2 core schema resolution of an untagged plain scalar.</summary>
    public static JsonNode? ResolvePlain(string value)
    {
        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (ParseBool(value) is { } b)
        {
            return JsonValue.Create(b);
        }
        return ParseInt(value) ?? ParseFloat(value) ?? JsonValue.Create(value);
    }

    private static bool? ParseBool(string value) => value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    private static JsonNode? ParseInt(string value)
    {
        if (DecimalInt().IsMatch(value))
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return JsonValue.Create(l);
            }
            // Too big for long: keep it numeric, as Kubernetes' JSON decoder would.
            return decimal.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)
                ? JsonValue.Create(d)
                : JsonValue.Create(double.Parse(value, CultureInfo.InvariantCulture));
        }
        if (OctalInt().IsMatch(value) && value.Length <= 23)
        {
            return JsonValue.Create(Convert.ToInt64(value[2..], 8));
        }
        // Hex beyond long range is left a string rather than wrapping around.
        return HexInt().IsMatch(value)
            && long.TryParse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0
            ? JsonValue.Create(hex)
            : null;
    }

    private static JsonNode? ParseFloat(string value)
    {
        // .inf/.nan have no JSON representation: they stay strings, so numeric fields report them.
        if (!Float().IsMatch(value))
        {
            return null;
        }
        return JsonValue.Create(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInt();

    [GeneratedRegex("^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInt();

    [GeneratedRegex("^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
