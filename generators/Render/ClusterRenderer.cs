using System.Text.Json.Nodes;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.Render.Components;
using PiCluster.Render.Overview;
using PiCluster.Render.Resources;
using PiCluster.Render.Rules;
using PiCluster.Render.Yaml;

namespace PiCluster.Render;

/// <summary>A file's final text, ready for the writer.</summary>
public sealed record RenderedText(string Path, string Content);

/// <summary>Definition in, rendered tree out: validate, build every component, index folders, check the cluster rules, serialize.</summary>
public static class ClusterRenderer
{
    /// <summary>Every manifest file of the cluster: Flux's own objects, then one builder per service (see <see cref="ComponentBuilders"/>).</summary>
    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster) => Build(cluster, new RenderContext(cluster));

    private static IEnumerable<ManifestFile> Build(ClusterDefinition cluster, RenderContext context)
    {
        var components = cluster.Services.Accept(new ComponentBuilders(context)).SelectMany(files => files).ToList();
        return FluxSync.Build(cluster, components).Concat(components);
    }

    /// <param name="fluxInstall">
    /// The pinned Flux install manifest (<see cref="FluxInstallInput"/>), copied byte for byte to
    /// <see cref="RenderedLayout.FluxComponents"/> and listed in its folder's kustomization.yaml; null renders the tree without it.
    /// </param>
    /// <param name="warnings">Receives rule findings that do not stop render (<see cref="ClusterRules"/>); errors throw.</param>
    /// <exception cref="BrokenClusterRulesException">The built tree breaks a cluster rule; nothing may be written.</exception>
    /// <param name="rules">The cluster rules to hold the tree to; <see cref="ClusterRules.All"/> unless given.</param>
    /// <param name="phaseDone">Called with each phase's name as it finishes (render --verbose times them).</param>
    public static IReadOnlyList<RenderedText> Render(ClusterDefinition cluster, string? fluxInstall = null, ICollection<RuleFinding>? warnings = null, IReadOnlyList<TreeRule>? rules = null, Action<string>? phaseDone = null)
    {
        DefinitionValidator.ThrowIfInvalid(cluster);
        phaseDone?.Invoke("definition rules (PI0xxx)");
        IReadOnlyList<RenderedText> copied = fluxInstall is null ? [] : [new RenderedText(RenderedLayout.FluxComponents, fluxInstall)];
        var context = new RenderContext(cluster);
        var files = Build(cluster, context).ToList();
        phaseDone?.Invoke("build objects");
        files.AddRange(KustomizationIndex(files, copied.Select(k => k.Path).ToList()));
        var duplicate = files.Select(f => (f.Path, f.Source)).Concat(copied.Select(k => (k.Path, Source: FluxInstallInput.RepositoryPath)))
            .GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two components render {duplicate.Key}: {string.Join(", ", duplicate.Select(f => f.Source))}");
        // Serialized to JSON once: the rules read these trees, the writer prints them.
        var json = files.Select(f => (File: f, Documents: f.Documents.Select(ManifestSerializer.ToJson).ToList())).ToList();
        phaseDone?.Invoke("folder index, objects to JSON");
        var findings = ClusterRules.Check(cluster, RenderedTree.FromFiles(json.Select(j => (j.File.Path, (IEnumerable<JsonNode>)j.Documents))), rules);
        var errors = findings.Where(f => f.Severity == RuleSeverity.Error).ToList();
        if (errors.Count > 0) throw new BrokenClusterRulesException(errors);
        foreach (var warning in findings.Where(f => f.Severity == RuleSeverity.Warning)) warnings?.Add(warning);
        phaseDone?.Invoke("cluster rules (PI1xxx)");
        var yaml = json.Select(j => new RenderedText(j.File.Path, ManifestSerializer.Serialize(Header(j.File.Source), j.Documents))).ToList();
        phaseDone?.Invoke("JSON to YAML");
        // The overview is Markdown for people, outside every Flux path.
        var overview = new RenderedText(ClusterOverview.FilePath, ClusterOverview.Build(cluster, context, files));
        phaseDone?.Invoke("overview (README.md)");
        return yaml.Concat(copied).Append(overview).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    private static string Header(string source) => $"Rendered by PiCluster from {source}; do not edit, change cluster/ and run render.";

    /// <summary>A kustomization.yaml in every folder under a Flux path, listing its files and sub-folders.</summary>
    public static IEnumerable<ManifestFile> KustomizationIndex(IReadOnlyList<ManifestFile> files, IReadOnlyList<string>? copiedPaths = null)
    {
        var folders = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (path, source) in files.Select(f => (f.Path, f.Source)).Concat((copiedPaths ?? []).Select(p => (Path: p, Source: FluxInstallInput.RepositoryPath))))
        {
            var root = RenderedLayout.FluxPaths.FirstOrDefault(p => path.StartsWith(p + "/", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{path} ({source}) lies outside every Flux path ({string.Join(", ", RenderedLayout.FluxPaths)})");
            var folder = Folder(path);
            Entries(folders, folder).Add(Name(path));
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
