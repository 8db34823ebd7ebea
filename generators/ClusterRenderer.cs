using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.Render.Components;
using PiCluster.Render.Overview;
using PiCluster.Render.Resources;
using PiCluster.Render.Yaml;

namespace PiCluster.Render;

/// <summary>A file's final text, ready for the writer.</summary>
public sealed record RenderedText(string Path, string Content);

/// <summary>Definition in, rendered tree out: validate, build every component, index folders, serialize.</summary>
public static class ClusterRenderer
{
    /// <summary>Every manifest file of the cluster: Flux's own objects, then one builder per service (see <see cref="ComponentBuilders"/>).</summary>
    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster) =>
        FluxSync.Build(cluster).Concat(cluster.Services.Accept(new ComponentBuilders(cluster)).SelectMany(files => files));

    public static IReadOnlyList<RenderedText> Render(ClusterDefinition cluster)
    {
        DefinitionValidator.ThrowIfInvalid(cluster);
        var files = Build(cluster).ToList();
        files.AddRange(KustomizationIndex(files));
        var duplicate = files.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two components render {duplicate.Key}: {string.Join(", ", duplicate.Select(f => f.Source))}");
        return files
            .Select(f => new RenderedText(f.Path, ManifestSerializer.Serialize(Header(f.Source), f.Documents)))
            // The overview is Markdown for people, outside every Flux path.
            .Append(new RenderedText(ClusterOverview.FilePath, ClusterOverview.Build(cluster, files)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
    }

    private static string Header(string source) => $"Rendered by PiCluster from {source}; do not edit, change cluster/ and run render.";

    /// <summary>A kustomization.yaml in every folder under a Flux path, listing its files and sub-folders.</summary>
    public static IEnumerable<ManifestFile> KustomizationIndex(IReadOnlyList<ManifestFile> files)
    {
        var folders = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var root = RenderedLayout.FluxPaths.FirstOrDefault(p => file.Path.StartsWith(p + "/", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{file.Path} ({file.Source}) lies outside every Flux path ({string.Join(", ", RenderedLayout.FluxPaths)})");
            var folder = Folder(file.Path);
            Entries(folders, folder).Add(Name(file.Path));
            // Register each folder with its parent, up to the Flux path.
            while (folder != root)
            {
                var parent = Folder(folder);
                Entries(folders, parent).Add(Name(folder));
                folder = parent;
            }
        }
        foreach (var path in RenderedLayout.FluxPaths) Entries(folders, path);
        return folders.Select(f => new ManifestFile($"{f.Key}/kustomization.yaml", "RenderedLayout (folder index)", [new KustomizeConfig(f.Value.ToList())]));
    }

    private static SortedSet<string> Entries(SortedDictionary<string, SortedSet<string>> folders, string folder)
    {
        if (!folders.TryGetValue(folder, out var entries)) folders[folder] = entries = new SortedSet<string>(StringComparer.Ordinal);
        return entries;
    }

    private static string Folder(string path) => path[..path.LastIndexOf('/')];

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];
}
