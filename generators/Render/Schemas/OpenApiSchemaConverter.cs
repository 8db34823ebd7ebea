using System.Text.Json.Nodes;

namespace PiCluster.Render.Schemas;

/// <summary>
/// Turns a CRD's OpenAPI v3 (structural) schema into a JSON Schema 2020-12 document that rejects unknown fields,
/// the way the API server prunes/rejects them with strict field validation.
/// </summary>
internal static class OpenApiSchemaConverter
{
    public const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    // Keywords whose meaning is the same in OpenAPI v3.0 and JSON Schema 2020-12 and that are copied as-is.
    private static readonly string[] CopiedKeywords =
    [
        "format", "pattern", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems",
        "uniqueItems", "minProperties", "maxProperties", "multipleOf", "required",
    ];

    private static readonly string[] Combinators = ["allOf", "anyOf", "oneOf"];

    /// <summary>Converts a CRD version's <c>schema.openAPIV3Schema</c> to a top-level JSON Schema.</summary>
    public static JsonObject ConvertRoot(JsonObject openApi)
    {
        var schema = Convert(openApi, structural: true);
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        // CRD schemas declare metadata as a bare object; the API server validates it separately, loosely here.
        properties["metadata"] = LooseMetadata(requireName: true);
        properties["apiVersion"] ??= new JsonObject { ["type"] = "string" };
        properties["kind"] ??= new JsonObject { ["type"] = "string" };
        schema["required"] = Union(schema["required"] as JsonArray, "apiVersion", "kind", "metadata");
        schema["$schema"] = Draft202012;
        return schema;
    }

    /// <summary>ObjectMeta, checked only for the fields a rendered manifest commonly sets.</summary>
    public static JsonObject LooseMetadata(bool requireName)
    {
        var meta = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                ["namespace"] = new JsonObject { ["type"] = "string" },
                ["labels"] = StringMap(),
                ["annotations"] = StringMap(),
            },
        };
        if (requireName)
        {
            meta["required"] = new JsonArray("name");
        }
        return meta;
    }

    private static JsonObject StringMap() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = new JsonObject { ["type"] = "string" },
    };

    /// <summary>
    /// Converts one schema node. <paramref name="structural"/> is false inside allOf/anyOf/oneOf/not, where Kubernetes
    /// only allows value validation, so closing objects there would wrongly reject fields declared at the structural level.
    /// </summary>
    public static JsonObject Convert(JsonObject source, bool structural)
    {
        var target = new JsonObject();
        var nullable = IsTrue(source, "nullable");
        var preserveUnknown = IsTrue(source, "x-kubernetes-preserve-unknown-fields");
        var intOrString = IsTrue(source, "x-kubernetes-int-or-string");

        foreach (var keyword in CopiedKeywords)
        {
            if (source[keyword] is { } value)
            {
                target[keyword] = value.DeepClone();
            }
        }
        ConvertExclusiveBound(source, target, "exclusiveMinimum", "minimum");
        ConvertExclusiveBound(source, target, "exclusiveMaximum", "maximum");
        ConvertType(source, target, nullable, intOrString);
        if (source["enum"] is JsonArray values)
        {
            var copy = (JsonArray)values.DeepClone();
            if (nullable)
            {
                copy.Add(null);
            }
            target["enum"] = copy;
        }

        if (source["properties"] is JsonObject properties)
        {
            var converted = new JsonObject();
            foreach (var (name, child) in properties)
            {
                converted[name] = child is JsonObject c ? Convert(c, structural) : child?.DeepClone();
            }
            target["properties"] = converted;
        }
        if (source["items"] is JsonObject items)
        {
            target["items"] = Convert(items, structural);
        }
        switch (source["additionalProperties"])
        {
            case JsonObject additional:
                target["additionalProperties"] = Convert(additional, structural);
                break;
            case JsonValue flag:
                target["additionalProperties"] = flag.DeepClone();
                break;
        }
        foreach (var combinator in Combinators)
        {
            if (source[combinator] is JsonArray branches && !(intOrString && combinator == "anyOf" && IsIntOrStringPair(branches)))
            {
                target[combinator] = new JsonArray(branches.Select(b => (JsonNode?)(b is JsonObject o ? Convert(o, structural: false) : b?.DeepClone())).ToArray());
            }
        }
        if (source["not"] is JsonObject not)
        {
            target["not"] = Convert(not, structural: false);
        }

        if (IsTrue(source, "x-kubernetes-embedded-resource") && target["properties"] is JsonObject embedded)
        {
            // An embedded object is a full resource: apiVersion/kind/metadata are implied even when not listed.
            embedded["apiVersion"] ??= new JsonObject { ["type"] = "string" };
            embedded["kind"] ??= new JsonObject { ["type"] = "string" };
            embedded["metadata"] ??= LooseMetadata(requireName: false);
        }
        if (structural && !preserveUnknown && target["properties"] is not null && target["additionalProperties"] is null)
        {
            target["additionalProperties"] = false;
        }
        return target;
    }

    private static void ConvertType(JsonObject source, JsonObject target, bool nullable, bool intOrString)
    {
        if (intOrString)
        {
            target["type"] = nullable ? new JsonArray("integer", "string", "null") : new JsonArray("integer", "string");
        }
        else if (source["type"] is JsonValue type && type.TryGetValue<string>(out var name))
        {
            target["type"] = nullable ? new JsonArray(name, "null") : JsonValue.Create(name);
        }
    }

    /// <summary>OpenAPI 3.0 has boolean exclusiveMinimum/Maximum modifying minimum/maximum; 2020-12 has numeric bounds.</summary>
    private static void ConvertExclusiveBound(JsonObject source, JsonObject target, string exclusive, string inclusive)
    {
        if (source[exclusive] is not JsonValue flag)
        {
            return;
        }
        if (flag.TryGetValue<bool>(out var isExclusive))
        {
            if (isExclusive && source[inclusive] is { } bound)
            {
                target[exclusive] = bound.DeepClone();
                target.Remove(inclusive);
            }
        }
        else
        {
            target[exclusive] = flag.DeepClone();
        }
    }

    // The generated "anyOf: [{type: integer}, {type: string}]" of int-or-string is replaced by a type list for one clear message.
    private static bool IsIntOrStringPair(JsonArray branches) =>
        branches.Count == 2 && branches.All(b => b is JsonObject o && o.Count == 1 && o["type"] is JsonValue)
        && branches.Select(b => b!["type"]!.GetValue<string>()).Order(StringComparer.Ordinal).SequenceEqual(["integer", "string"]);

    private static bool IsTrue(JsonObject node, string key) =>
        node[key] is JsonValue value && value.TryGetValue<bool>(out var b) && b;

    private static JsonArray Union(JsonArray? existing, params string[] names)
    {
        var all = (existing ?? []).Select(n => n?.GetValue<string>()).OfType<string>().Concat(names).Distinct(StringComparer.Ordinal);
        return new JsonArray(all.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
    }
}
