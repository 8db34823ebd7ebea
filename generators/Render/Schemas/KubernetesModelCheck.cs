using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace PiCluster.Render.Schemas;

/// <summary>
/// Checks a built-in Kubernetes object against the KubernetesClient model of its apiVersion and kind (the generated
/// V1Deployment, V1Service… records): every field must be one the model declares, with a value of the model's type
/// (string, integer, number, boolean, list, map, int-or-string, quantity). The API server rejects both (strict field
/// validation, or a decode error); a chart that prints them fails at install time. Written by hand over the models'
/// [JsonPropertyName] attributes: the models carry no schema, and System.Text.Json stops at the first error.
/// </summary>
internal static class KubernetesModelCheck
{
    private static readonly Lazy<Dictionary<(string Group, string Version, string Kind), Type>> Models = new(FindModels);
    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    /// <summary>The model for a (group, version, kind), or null when KubernetesClient has none (a custom resource, an API it lacks).</summary>
    public static Type? ModelOf(string group, string version, string kind) => Models.Value.GetValueOrDefault((group, version, kind));

    /// <summary>Whether the model library knows the API group at all (then an unknown version or kind is an error, not a custom resource).</summary>
    public static bool KnowsGroup(string group) => Models.Value.Keys.Any(k => k.Group == group);

    /// <summary>Served (version, kind) pairs of a group the models know, for messages.</summary>
    public static IEnumerable<string> KindsOf(string group) =>
        Models.Value.Keys.Where(k => k.Group == group && !k.Kind.EndsWith("List", StringComparison.Ordinal)).Select(k => $"{k.Version}/{k.Kind}").Order(StringComparer.Ordinal);

    public static IReadOnlyList<SchemaError> Check(JsonObject body, Type model)
    {
        var errors = new List<SchemaError>();
        Walk(body, Describe(model), "$", errors);
        return errors;
    }

    private static Dictionary<(string, string, string), Type> FindModels()
    {
        var models = new Dictionary<(string, string, string), Type>();
        foreach (var type in typeof(V1Pod).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is not { } entity || string.IsNullOrEmpty(entity.Kind)) continue;
            models.TryAdd((entity.Group ?? "", entity.ApiVersion ?? "", entity.Kind), type);
        }
        return models;
    }

    /// <summary>What JSON a C# member type accepts.</summary>
    private abstract record Shape
    {
        public sealed record Anything : Shape;
        public sealed record Scalar(string Expected, Func<JsonValue, bool> Accepts) : Shape;
        public sealed record List(Type Item) : Shape;
        public sealed record Map(Type Value) : Shape;
        public sealed record Object(string Name, IReadOnlyDictionary<string, Type> Fields) : Shape;
    }

    private static Shape Describe(Type type) => Shapes.GetOrAdd(type, DescribeNew);

    private static Shape DescribeNew(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(byte[]))
            return new Shape.Scalar("string", v => v.GetValueKind() == JsonValueKind.String);
        if (type == typeof(bool)) return new Shape.Scalar("boolean", v => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False);
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong))
            return new Shape.Scalar("integer", IsInteger);
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return new Shape.Scalar("number", v => v.GetValueKind() == JsonValueKind.Number);
        if (type.Name == "IntOrString" || type.Name == "IntstrIntOrString")
            return new Shape.Scalar("integer or string", v => v.GetValueKind() == JsonValueKind.String || IsInteger(v));
        if (type == typeof(ResourceQuantity))
            return new Shape.Scalar("quantity (string or number)", v => v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number);
        if (type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement)) return new Shape.Anything();
        if (DictionaryValue(type) is { } value) return new Shape.Map(value);
        if (ListItem(type) is { } item) return new Shape.List(item);
        var fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .GroupBy(p => p.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().PropertyType, StringComparer.Ordinal);
        // A type with its own converter and no declared fields (V1Patch…) is not checked further.
        return fields.Count == 0 ? new Shape.Anything() : new Shape.Object(type.Name, fields);
    }

    private static bool IsInteger(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && (value.TryGetValue<long>(out _) || value.TryGetValue<double>(out var d) && Math.Floor(d) == d || value.TryGetValue<decimal>(out var m) && decimal.Floor(m) == m);

    private static Type? DictionaryValue(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is { } d && (d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments()[1];
    }

    private static Type? ListItem(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static void Walk(JsonNode? node, Shape shape, string path, List<SchemaError> errors)
    {
        // Kubernetes ignores a null field as if it were absent.
        if (node is null) return;
        switch (shape)
        {
            case Shape.Anything:
                return;
            case Shape.Scalar scalar:
                if (node is not JsonValue value || !scalar.Accepts(value)) errors.Add(new SchemaError(path, $"expected {scalar.Expected}, found {Describe(node)}"));
                return;
            case Shape.List list:
                if (node is not JsonArray array)
                {
                    errors.Add(new SchemaError(path, $"expected a list, found {Describe(node)}"));
                    return;
                }
                var itemShape = Describe(list.Item);
                for (var i = 0; i < array.Count; i++) Walk(array[i], itemShape, $"{path}[{i}]", errors);
                return;
            case Shape.Map map:
                if (node is not JsonObject entries)
                {
                    errors.Add(new SchemaError(path, $"expected a map, found {Describe(node)}"));
                    return;
                }
                var valueShape = Describe(map.Value);
                foreach (var (key, child) in entries) Walk(child, valueShape, $"{path}[{JsonSerializer.Serialize(key)}]", errors);
                return;
            case Shape.Object model:
                if (node is not JsonObject fields)
                {
                    errors.Add(new SchemaError(path, $"expected an object ({model.Name}), found {Describe(node)}"));
                    return;
                }
                foreach (var (key, child) in fields)
                {
                    if (model.Fields.TryGetValue(key, out var fieldType)) Walk(child, Describe(fieldType), $"{path}.{key}", errors);
                    else errors.Add(new SchemaError($"{path}.{key}", $"unknown field \"{key}\": {model.Name} has no such field"));
                }
                return;
        }
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"string {Shorten(v.ToJsonString())}",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => $"number {Shorten(v.ToJsonString())}",
        JsonValue v => $"boolean {v.ToJsonString()}",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "…";
}
