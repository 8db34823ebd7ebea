using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using PiCluster.Render.Rules;
using YamlDotNet.Core;

namespace PiCluster.Render.Charts;

/// <summary>One release after helm template: the documents its chart made, or helm's reason for refusing.</summary>
/// <param name="Refusal">helm's message when the chart refused the values (values.schema.json, a template's fail, kubeVersion); null when it rendered.</param>
public sealed record ExpandedRelease(ChartRelease Release, IReadOnlyList<ChartDocument> Documents, string? Refusal)
{
    /// <summary>"HelmRelease headlamp/headlamp (apps/headlamp/headlamp.yaml): chart headlamp 0.45.0 refused its values: …".</summary>
    public string RefusalLine => $"{Release.Display}: chart {Release.ChartDisplay} refused its values (helm template): {Refusal}";
}

/// <summary>Every release of a tree expanded: the chart objects as tree objects, and what could not be expanded.</summary>
/// <param name="ApiVersions">What --api-versions handed helm in the end: the served versions of the CRDs the tree and the charts install.</param>
/// <param name="HelmRuns">helm processes started for this tree (a second pass reruns only charts whose output the found CRDs can change).</param>
public sealed record ChartExpansionResult(
    IReadOnlyList<ExpandedRelease> Releases,
    IReadOnlyList<UnexpandableRelease> Unexpandable,
    IReadOnlyList<RenderedObject> Objects,
    IReadOnlyList<string> ApiVersions,
    int HelmRuns)
{
    public IEnumerable<ExpandedRelease> Refused => Releases.Where(r => r.Refusal is not null);

    /// <summary>The chart objects as virtual files (release file '#' chart file → documents as JSON), for diff.</summary>
    public IReadOnlyDictionary<string, string> AsFiles() =>
        Objects.GroupBy(o => o.File, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("---\n", g.Select(o => o.Body.ToJsonString() + "\n")), StringComparer.Ordinal);
}

/// <summary>
/// Runs helm template for every HelmRelease of a tree on the cached chart archive, with the release's name, namespace and
/// values exactly as rendered, the model's Kubernetes version and the API versions of the CRDs the tree and the charts
/// install. Objects without a namespace get the release's when their kind is namespaced, as Helm's client does. Helm's
/// templating is not reproduced: helm does it. One expander may serve several trees (diff's two sides): a release with
/// the same chart, values and flags on both sides is templated once.
/// </summary>
public sealed class ChartExpander(UserCacheFolder cache, Func<HelmTool> findHelm, string kubeVersion) : IDisposable
{
    private const int MaxPasses = 3;
    private static readonly TimeSpan TemplateTimeout = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Lazy<HelmResult>> memo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChartArchive> archives = new(StringComparer.Ordinal);
    private readonly string workFolder = Directory.CreateTempSubdirectory("picluster-charts-").FullName;
    private readonly Lazy<HelmTool> helm = new(findHelm);
    private int helmRuns;
    private int valuesFiles;

    /// <summary>The expander the --charts modes use: the cache from --charts/PICLUSTER_CHARTS/XDG, helm from PATH once a chart is cached.</summary>
    /// <param name="option">The --charts folder, or null/empty for the default.</param>
    /// <param name="kubeVersion">The model's Kubernetes.Version, handed to helm as --kube-version.</param>
    /// <exception cref="ChartCacheException">No cache folder can be named.</exception>
    public static ChartExpander Open(string? option, Func<string, string?> environment, string kubeVersion) =>
        new(new ChartCache(environment).Locate(option), () => HelmTool.Locate(environment), kubeVersion);

    public UserCacheFolder Cache => cache;

    /// <summary>The helm used (found on first use).</summary>
    /// <exception cref="HelmMissingException">helm is not on PATH or not 3.x/4.x.</exception>
    public HelmTool Helm => helm.Value;

    /// <exception cref="ChartCacheException">A chart is not in the cache: the message lists every missing one and what to run.</exception>
    /// <exception cref="ChartArchiveException">A cached file is not the chart it should be.</exception>
    public ChartExpansionResult Expand(RenderedTree tree)
    {
        var (releases, unexpandable) = ChartReleases.From(tree);
        ThrowIfMissing(releases);
        foreach (var release in releases) Archive(release);
        if (releases.Count > 0) _ = Helm;
        var runsBefore = helmRuns;

        var treeCrds = tree.Objects.Where(o => ClusterScope.IsCrd(o.Body)).Select(o => o.Body).ToList();
        var firstGuess = treeCrds.Concat(releases.Where(r => r.InstallsCrds).SelectMany(r => Archive(r).CrdFolderDocuments));
        var seen = releases.ToDictionary(r => r, _ => ApiVersions(firstGuess));
        var results = Run(releases, seen);
        var final = seen.Values.FirstOrDefault() ?? ApiVersions(treeCrds);
        for (var pass = 1; pass < MaxPasses; pass++)
        {
            final = ApiVersions(treeCrds.Concat(results.Values.Where(r => r.Refusal is null).SelectMany(r => r.Documents.Select(d => d.Body)).Where(ClusterScope.IsCrd)));
            var again = releases.Where(r => CanChange(r, seen[r], final)).ToList();
            if (again.Count == 0) break;
            foreach (var release in again) seen[release] = final;
            foreach (var (release, result) in Run(again, seen)) results[release] = result;
        }

        var scope = new ClusterScope();
        scope.Learn(treeCrds);
        scope.Learn(results.Values.SelectMany(r => r.Documents.Select(d => d.Body)));
        var expanded = releases.Select(r => results[r]).ToList();
        var objects = expanded.Where(r => r.Refusal is null).SelectMany(r => r.Documents.Select(d => ToTreeObject(r.Release, d, scope))).ToList();
        return new ChartExpansionResult(expanded, unexpandable, objects, final.Order(StringComparer.Ordinal).ToList(), helmRuns - runsBefore);
    }

    private void ThrowIfMissing(IReadOnlyList<ChartRelease> releases)
    {
        var missing = releases.Where(r => !File.Exists(ChartCache.PathIn(cache, r.RepositoryUrl, r.Chart, r.Version))).ToList();
        if (missing.Count == 0) return;
        var text = new StringBuilder()
            .Append($"The charts cache {cache.Path} ({cache.Origin}) lacks the chart of {missing.Count} HelmRelease(s); nothing was checked:\n");
        foreach (var release in missing)
            text.Append($"  {release.Display}: chart {release.ChartDisplay} from {release.RepositoryUrl} (expected at {ChartCache.RelativePath(release.RepositoryUrl, release.Chart, release.Version)})\n");
        text.Append($"Download them (each checked against its repository's index digest) with: {ChartCache.FixCommand(cache)}\n");
        var first = missing[0];
        var folder = ShellWords.Quote(Path.GetDirectoryName(ChartCache.PathIn(cache, first.RepositoryUrl, first.Chart, first.Version))!);
        text.Append($"or put them there by hand, e.g.: mkdir -p {folder} && helm pull {first.Chart} --repo {first.RepositoryUrl} --version {first.Version} -d {folder}");
        throw new ChartCacheException(text.ToString());
    }

    private ChartArchive Archive(ChartRelease release)
    {
        var path = ChartCache.PathIn(cache, release.RepositoryUrl, release.Chart, release.Version);
        return archives.GetOrAdd(path, p => ChartArchive.Read(p, release.Chart, release.Version));
    }

    private static HashSet<string> ApiVersions(IEnumerable<JsonObject> crds) =>
        crds.SelectMany(ClusterScope.ApiVersionsOf).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether a release templated with <paramref name="seen"/> could print something else with <paramref name="final"/>:
    /// only when its chart reads .Capabilities.APIVersions and its files or values name the group of an API that differs.
    /// </summary>
    private bool CanChange(ChartRelease release, IReadOnlySet<string> seen, IReadOnlySet<string> final)
    {
        if (seen.SetEquals(final)) return false;
        var archive = Archive(release);
        if (!archive.ReadsApiVersions) return false;
        var values = release.Values.ToJsonString();
        return seen.Except(final).Concat(final.Except(seen)).Select(ClusterScope.GroupOf).Distinct(StringComparer.Ordinal)
            .Any(group => archive.Text.Contains(group, StringComparison.Ordinal) || values.Contains(group, StringComparison.Ordinal));
    }

    private Dictionary<ChartRelease, ExpandedRelease> Run(IReadOnlyList<ChartRelease> releases, IReadOnlyDictionary<ChartRelease, HashSet<string>> apiVersions)
    {
        var results = new ConcurrentDictionary<ChartRelease, ExpandedRelease>();
        Parallel.ForEach(releases, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, release =>
            results[release] = Template(release, apiVersions[release].Order(StringComparer.Ordinal).ToList()));
        return results.ToDictionary(r => r.Key, r => r.Value);
    }

    private ExpandedRelease Template(ChartRelease release, IReadOnlyList<string> apiVersions)
    {
        var archive = ChartCache.PathIn(cache, release.RepositoryUrl, release.Chart, release.Version);
        var values = release.Values.ToJsonString();
        var key = string.Join('\0', HelmTemplate.Arguments(release, archive, "", kubeVersion, apiVersions)) + '\0' + values;
        var result = memo.GetOrAdd(key, _ => new Lazy<HelmResult>(() =>
        {
            var file = Path.Combine(workFolder, $"values-{Interlocked.Increment(ref valuesFiles)}.json");
            File.WriteAllText(file, values);
            Interlocked.Increment(ref helmRuns);
            return Helm.Run(HelmTemplate.Arguments(release, archive, file, kubeVersion, apiVersions), TemplateTimeout);
        })).Value;
        if (result.ExitCode != 0) return new ExpandedRelease(release, [], HelmTemplate.ErrorMessage(result));
        try
        {
            return new ExpandedRelease(release, HelmTemplate.Parse(result.Output), null);
        }
        catch (YamlException e)
        {
            return new ExpandedRelease(release, [], $"helm printed YAML that does not parse: {e.Message}");
        }
    }

    private static RenderedObject ToTreeObject(ChartRelease release, ChartDocument document, ClusterScope scope)
    {
        var body = document.Body;
        var group = ClusterScope.GroupOf(body["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var apiVersion) ? apiVersion : "");
        var kind = body["kind"] is JsonValue k && k.TryGetValue<string>(out var kindName) ? kindName : "";
        if (!scope.IsClusterScoped(group, kind) && body["metadata"] is JsonObject metadata
            && (metadata["namespace"] is not JsonValue ns || !ns.TryGetValue<string>(out var text) || text.Length == 0))
        {
            metadata["namespace"] = release.Namespace;
        }
        return new RenderedObject($"{release.Release.File}#{document.Source}", body,
            new ChartOrigin(release.Release, release.Chart, release.Version, document.Source));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(workFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
