using YamlDotNet.RepresentationModel;

namespace PiCluster.Bootstrap.Remote;

/// <summary>The namespaces a multi-document manifest puts objects into (metadata.namespace), sorted.</summary>
public static class ManifestNamespaces
{
    public static IReadOnlyList<string> Of(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents
            .Select(d => d.RootNode as YamlMappingNode)
            .Select(root => root is not null && root.Children.TryGetValue(new YamlScalarNode("metadata"), out var meta) && meta is YamlMappingNode m
                && m.Children.TryGetValue(new YamlScalarNode("namespace"), out var ns) ? (ns as YamlScalarNode)?.Value : null)
            .OfType<string>()
            .Where(ns => ns.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }
}
