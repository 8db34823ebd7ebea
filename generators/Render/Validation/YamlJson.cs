using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PiCluster.Render.Validation;

/// <summary>YAML → <see cref="JsonNode"/> conversion with YAML 1.2 core-schema typing, as Kubernetes sees the values.</summary>
internal static partial class YamlJson
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>Parses every document of a (multi-document) YAML text; an empty document becomes null.</summary>
    public static IReadOnlyList<JsonNode?> LoadDocuments(string text)
    {
        var stream = new YamlStream();
        // MergingParser resolves "<<" merge keys the way kubectl's YAML decoder does.
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return stream.Documents.Select(d => ToJson(d.RootNode)).ToList();
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
    public static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? "" : scalar.Tag.Value;
        if (tag.StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            return TypedByTag(tag[TagPrefix.Length..], value);
        }
        return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && tag.Length == 0
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
