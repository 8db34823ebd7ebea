using PiCluster.Cluster;
using PiCluster.Render;
using YamlDotNet.RepresentationModel;

namespace PiCluster.TestSupport;

/// <summary>
/// The home cluster rendered in memory and parsed back as YAML, so checks read what Flux would apply (not the typed
/// builder objects) and keep compiling when a builder's internals change.
/// </summary>
public static class RenderedObjects
{
    private static readonly Lazy<IReadOnlyList<RenderedText>> Files = new(() => ClusterRenderer.Render(HomeCluster.Definition));

    public static IReadOnlyList<RenderedText> All => Files.Value;

    public static string Text(string path) => Assert.Single(All, f => f.Path == path).Content;

    public static string Overview => Text("README.md");

    /// <summary>Every YAML document with the file it came from.</summary>
    public static IEnumerable<(string Path, YamlMappingNode Doc)> Documents() =>
        All.Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal)).SelectMany(f =>
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(f.Content));
            return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().Select(d => (f.Path, d));
        }).ToList();

    public static IEnumerable<YamlMappingNode> OfKind(string kind) =>
        Documents().Select(d => d.Doc).Where(d => d.Str("kind") == kind);

    public static YamlMappingNode Object(string kind, string name) =>
        Assert.Single(OfKind(kind), d => d.Str("metadata", "name") == name);

    public static YamlNode? Get(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node)) return null;
        }
        return node;
    }

    public static string? Str(this YamlNode? node, params string[] path) => (node.Get(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlMappingNode> Maps(this YamlNode? node, params string[] path) =>
        node.Get(path) is YamlSequenceNode seq ? seq.Children.OfType<YamlMappingNode>().ToList() : [];

    public static IReadOnlyList<string> Strings(this YamlNode? node, params string[] path) =>
        node.Get(path) is YamlSequenceNode seq ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList() : [];

    /// <summary>The pod template of a Deployment/DaemonSet, or of a CronJob's job.</summary>
    public static YamlMappingNode PodSpec(this YamlMappingNode workload) =>
        (YamlMappingNode)(workload.Get("spec", "template", "spec") ?? workload.Get("spec", "jobTemplate", "spec", "template", "spec")
            ?? throw new InvalidOperationException("no pod template"));

    public static YamlMappingNode Container(this YamlMappingNode pod, string name) =>
        Assert.Single(pod.Maps("containers").Concat(pod.Maps("initContainers")), c => c.Str("name") == name);

    public static string? Env(this YamlMappingNode container, string name) =>
        container.Maps("env").FirstOrDefault(e => e.Str("name") == name).Str("value");

    /// <summary>Every container image in the tree, including the chart values that name one.</summary>
    public static IEnumerable<string> PodImages() =>
        Documents().SelectMany(d => Descendants(d.Doc))
            .OfType<YamlMappingNode>()
            .SelectMany(m => m.Children.Where(kv => kv.Key.ToString() == "image" && kv.Value is YamlScalarNode).Select(kv => kv.Value.ToString()));

    private static IEnumerable<YamlNode> Descendants(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.Values.SelectMany(Descendants).Prepend(node),
        YamlSequenceNode seq => seq.Children.SelectMany(Descendants).Prepend(node),
        _ => [node],
    };
}
