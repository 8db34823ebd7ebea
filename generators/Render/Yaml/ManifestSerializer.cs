using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PiCluster.Render.Yaml;

/// <summary>
/// The one serializer for every rendered object: KubernetesClient models and PiCluster's own custom-resource
/// records both go through KubernetesJson (camelCase, nulls dropped, IntOrString and quantities handled),
/// then the JSON tree is written as YAML with sorted keys, quoted look-alikes and literal blocks.
/// </summary>
public static class ManifestSerializer
{
    /// <summary>Writes documents as one YAML stream: a header comment line, then documents separated by "---".</summary>
    public static string Serialize(string header, IEnumerable<object> documents) =>
        $"# {header}\n" + ToYaml(documents.Select(ToJson));

    public static JsonNode ToJson(object document) => ToJson(document, KubernetesOptions);

    // KubernetesJson's own settings (camelCase, nulls dropped, its converters), with source-generated metadata:
    // KubernetesClient's for the models, RenderJsonContext for PiCluster's own records; reflection only for a record
    // not listed there yet. Documents go straight to a JSON tree instead of through a string.
    private static readonly JsonSerializerOptions KubernetesOptions = CreateOptions(reflectionFallback: true);

    /// <summary>The same settings with generated metadata only: serializing a type that is not listed throws (tests).</summary>
    public static JsonSerializerOptions GeneratedOnlyOptions() => CreateOptions(reflectionFallback: false);

    private static JsonSerializerOptions CreateOptions(bool reflectionFallback)
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(options => captured = options);
        if (captured is null) throw new InvalidOperationException("KubernetesJson did not expose its serializer options");
        // Without reflection (the native render: JsonSerializer.IsReflectionEnabledByDefault is false there) a type
        // missing from the generated contexts fails loudly instead of being serialized by reflection.
        IJsonTypeInfoResolver[] resolvers = reflectionFallback && JsonSerializer.IsReflectionEnabledByDefault
            ? [SourceGenerationContext.Default, RenderJsonContext.Default, new DefaultJsonTypeInfoResolver()]
            : [SourceGenerationContext.Default, RenderJsonContext.Default];
        return new JsonSerializerOptions(captured) { TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers) };
    }

    /// <summary>One document as a JSON tree under the given options (<see cref="GeneratedOnlyOptions"/> in tests).</summary>
    public static JsonNode ToJson(object document, JsonSerializerOptions options) =>
        document as JsonNode
        ?? JsonSerializer.SerializeToNode(document, options.GetTypeInfo(document.GetType()))
        ?? throw new InvalidOperationException($"{document.GetType().Name} serialized to JSON null");

    /// <summary>Writes one JSON tree as a YAML document (no "---" marker).</summary>
    public static string ToYaml(JsonNode node) => ToYaml([node]);

    /// <summary>Writes JSON trees as one YAML stream; every document after the first starts with "---".</summary>
    public static string ToYaml(IEnumerable<JsonNode> documents)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, Settings);
        emitter.Emit(new StreamStart());
        var first = true;
        foreach (var node in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: first));
            first = false;
            Emit(emitter, node);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static readonly EmitterSettings Settings = new(
        bestIndent: 2,
        bestWidth: int.MaxValue,
        isCanonical: false,
        maxSimpleKeyLength: 1024,
        newLine: "\n");

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case JsonObject map:
                var emptyMap = map.Count == 0;
                emitter.Emit(new MappingStart(null, null, isImplicit: true, emptyMap ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        EmitString(emitter, value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                    case JsonValueKind.Number:
                        emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                        break;
                    default:
                        emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                        break;
                }
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        var style = text.Contains('\n') && !HasTrailingSpaceOnALine(text)
            ? ScalarStyle.Literal
            : YamlScalars.LooksLikeAnotherType(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    // A literal block cannot carry trailing spaces faithfully through every reader; quote such text instead.
    private static bool HasTrailingSpaceOnALine(string text) =>
        text.Split('\n').Any(line => line.EndsWith(' ') || line.EndsWith('\t'));
}
