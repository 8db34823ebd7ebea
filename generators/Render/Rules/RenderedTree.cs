using System.Text.Json.Nodes;
using PiCluster.Render.Schemas;
using PiCluster.Render.Yaml;
using YamlDotNet.Core;

namespace PiCluster.Render.Rules;

/// <summary>Where a chart-made object comes from: the HelmRelease that installs it and the chart file that made it.</summary>
/// <param name="Template">The chart file helm named ("# Source:"), e.g. "traefik/templates/deployment.yaml".</param>
public sealed record ChartOrigin(RenderedObject Release, string Chart, string Version, string Template);

/// <summary>One Kubernetes object of a rendered tree, as JSON, with the file it came from.</summary>
/// <param name="File">
/// Path relative to the tree root, '/' separators, e.g. "apps/adguard/adguard.yaml"; for an object a chart makes (--charts),
/// the release's file, '#' and the chart file: "infrastructure/controllers/traefik.yaml#traefik/templates/deployment.yaml".
/// </param>
/// <param name="chart">Set for objects a chart makes; null for objects of the tree itself.</param>
public sealed class RenderedObject(string file, JsonObject body, ChartOrigin? chart = null)
{
    public string File { get; } = file;

    public ChartOrigin? Chart { get; } = chart;

    public JsonObject Body { get; } = body;

    public string ApiVersion { get; } = Json.Str(body["apiVersion"]) ?? "";

    public string Kind { get; } = Json.Str(body["kind"]) ?? "";

    public string Name { get; } = Json.Str(body["metadata"]?["name"]) ?? "";

    public string Namespace { get; } = Json.Str(body["metadata"]?["namespace"]) ?? "";

    /// <summary>The API group ("" for core), e.g. "helm.toolkit.fluxcd.io".</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>"Kind namespace/name", or "Kind name" for cluster-scoped objects.</summary>
    public string Display => Namespace.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    public bool Is(string group, string kind) => Group == group && Kind == kind;
}

/// <summary>Every object of a rendered tree (kustomize's own kustomization.yaml files left out), in file order.</summary>
public sealed class RenderedTree
{
    private readonly Dictionary<string, List<RenderedObject>> byKind;

    public RenderedTree(IEnumerable<RenderedObject> objects)
    {
        Objects = objects.ToList();
        byKind = Objects.GroupBy(o => o.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        ExpandedReleases = Objects.Where(o => o.Chart is not null).Select(o => o.Chart!.Release).ToHashSet();
    }

    /// <summary>HelmReleases whose chart objects are in the tree (--charts): rules judge those objects, not guesses from values.</summary>
    public IReadOnlySet<RenderedObject> ExpandedReleases { get; }

    /// <summary>This tree plus objects charts make, for the rules to see both.</summary>
    public RenderedTree With(IEnumerable<RenderedObject> chartObjects) => new(Objects.Concat(chartObjects)) { Unreadable = Unreadable };

    public IReadOnlyList<RenderedObject> Objects { get; }

    /// <summary>Files that could not be parsed (validate's schema check reports them; the rules skip them).</summary>
    public IReadOnlyList<string> Unreadable { get; init; } = [];

    public IReadOnlyList<RenderedObject> OfKind(string kind) => byKind.TryGetValue(kind, out var list) ? list : [];

    /// <summary>What render is about to write: the built documents, serialized to JSON once.</summary>
    public static RenderedTree FromFiles(IEnumerable<(string Path, IEnumerable<JsonNode> Documents)> files) =>
        new(files.SelectMany(f => f.Documents.OfType<JsonObject>().Where(d => !IsKustomizeConfig(f.Path, d)).Select(d => new RenderedObject(f.Path, d))));

    /// <summary>Every *.yaml/*.yml file under <paramref name="root"/>, read as Kubernetes reads it.</summary>
    public static RenderedTree FromDirectory(string root)
    {
        var full = Path.GetFullPath(root);
        return FromTexts(Directory.EnumerateFiles(full, "*.*", SearchOption.AllDirectories)
            .Where(SchemaValidator.IsYamlFile)
            .Select(file => (Path.GetRelativePath(full, file).Replace('\\', '/'), File.ReadAllText(file))));
    }

    /// <summary>YAML texts by relative path (a tree on disk, or one a test writes inline).</summary>
    public static RenderedTree FromTexts(IEnumerable<(string Path, string Text)> files)
    {
        var objects = new List<RenderedObject>();
        var unreadable = new List<string>();
        foreach (var (path, text) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            try
            {
                objects.AddRange(YamlJson.LoadDocuments(text).OfType<JsonObject>()
                    .Where(d => !IsKustomizeConfig(path, d))
                    .Select(d => new RenderedObject(path, d)));
            }
            catch (YamlException)
            {
                unreadable.Add(path);
            }
        }
        return new RenderedTree(objects) { Unreadable = unreadable };
    }

    // kustomize accepts a kustomization.yaml without apiVersion/kind; its group identifies it otherwise.
    private static bool IsKustomizeConfig(string path, JsonObject document) =>
        (Json.Str(document["apiVersion"]) ?? "").StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal)
        || document["apiVersion"] is null && Path.GetFileName(path) is "kustomization.yaml" or "kustomization.yml";
}

/// <summary>Small readers over System.Text.Json nodes.</summary>
internal static class Json
{
    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool? Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static JsonArray Arr(JsonNode? node) => node as JsonArray ?? [];

    public static IEnumerable<(JsonObject Item, int Index)> Items(JsonNode? node) =>
        Arr(node).Select((item, i) => (item as JsonObject, i)).Where(p => p.Item1 is not null).Select(p => (p.Item1!, p.i));

    public static IReadOnlyDictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject o
            ? o.Where(p => Str(p.Value) is not null).ToDictionary(p => p.Key, p => Str(p.Value)!, StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>Every object under <paramref name="node"/> (itself included) with its JSON path below <paramref name="path"/>.</summary>
    public static IEnumerable<(JsonObject Node, string Path)> Walk(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                yield return (o, path);
                foreach (var (key, value) in o)
                {
                    foreach (var inner in Walk(value, path + "." + key)) yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var inner in Walk(a[i], $"{path}[{i}]")) yield return inner;
                }
                break;
        }
    }
}
