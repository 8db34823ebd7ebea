using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PiCluster.Render.Charts;

/// <summary>One chart version of a repository's index.yaml: where its archive is and the archive's SHA-256.</summary>
/// <param name="Digest">The "digest" field, lowercase hex without a "sha256:" prefix; empty when the index gives none.</param>
public sealed record ChartIndexEntry(string Name, string Version, IReadOnlyList<string> Urls, string Digest);

/// <summary>What looking a chart version up in an index gives.</summary>
public abstract record ChartLookup
{
    public sealed record Found(ChartIndexEntry Entry) : ChartLookup;

    /// <param name="Versions">The versions the index has for the chart, newest first as listed; empty when the chart is not there at all.</param>
    public sealed record Missing(IReadOnlyList<string> Versions) : ChartLookup;
}

/// <summary>The index.yaml is not a chart repository index (not YAML, no entries).</summary>
public sealed class ChartIndexException(string message) : Exception(message);

/// <summary>
/// Reads a chart repository's index.yaml the way Helm does (helm/helm pkg/repo/v1/index.go: entries → name → list of
/// ChartVersion with urls and digest, the hex SHA-256 of the archive that `helm repo index` computes with
/// provenance.DigestFile; pkg/downloader/chart_downloader.go strips an optional "sha256:" prefix). Streams the file and
/// builds only the wanted chart's entries: a large repository's index runs to tens of megabytes.
/// </summary>
public static class ChartIndex
{
    private static readonly IDeserializer EntryReader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <exception cref="ChartIndexException">Not YAML, or no top-level entries map.</exception>
    public static ChartLookup Find(TextReader index, string chart, string version)
    {
        List<RawEntry>? versions = null;
        var sawEntries = false;
        try
        {
            var parser = new Parser(index);
            parser.Consume<StreamStart>();
            if (!parser.Accept<DocumentStart>(out _)) throw new ChartIndexException("the index is empty");
            parser.Consume<DocumentStart>();
            if (!parser.TryConsume<MappingStart>(out _)) throw new ChartIndexException("the index is not a YAML map");
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>().Value;
                if (key != "entries" || !parser.TryConsume<MappingStart>(out _))
                {
                    parser.SkipThisAndNestedEvents();
                    continue;
                }
                sawEntries = true;
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var name = parser.Consume<Scalar>().Value;
                    if (name == chart) versions = EntryReader.Deserialize<List<RawEntry>?>(parser) ?? [];
                    else parser.SkipThisAndNestedEvents();
                }
            }
        }
        catch (YamlException e)
        {
            throw new ChartIndexException($"not a readable index.yaml (line {e.Start.Line}: {e.Message})");
        }
        if (!sawEntries) throw new ChartIndexException("no \"entries\" map: not a Helm chart repository index");
        var listed = (versions ?? []).Where(v => v is not null && !v.Removed).ToList();
        var match = listed.FirstOrDefault(v => v.Version == version)
            // Helm compares versions as SemVer: "v1.2.3" and "1.2.3" name the same chart version.
            ?? listed.FirstOrDefault(v => v.Version?.TrimStart('v') == version.TrimStart('v'));
        if (match is null) return new ChartLookup.Missing(listed.Select(v => v.Version ?? "").ToList());
        var digest = (match.Digest ?? "").Trim();
        if (digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)) digest = digest["sha256:".Length..];
        return new ChartLookup.Found(new ChartIndexEntry(chart, match.Version ?? version, match.Urls ?? [], digest.ToLowerInvariant()));
    }

    /// <summary>
    /// An archive URL from the index resolved against the repository URL as Helm does (helm/helm pkg/repo/v1/chartrepo.go
    /// ResolveReferenceURL): absolute URLs stay, relative ones resolve against the repository URL with one trailing slash,
    /// keeping the repository URL's query.
    /// </summary>
    public static Uri ResolveArchiveUrl(string repositoryUrl, string archiveUrl)
    {
        if (Uri.TryCreate(archiveUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") return absolute;
        var repository = new UriBuilder(repositoryUrl);
        var query = repository.Query;
        repository.Path = repository.Path.TrimEnd('/') + "/";
        repository.Query = "";
        var resolved = new UriBuilder(new Uri(repository.Uri, archiveUrl)) { Query = query.TrimStart('?') };
        return resolved.Uri;
    }

    private sealed class RawEntry
    {
        public string? Name { get; set; }
        public string? Version { get; set; }
        public List<string>? Urls { get; set; }
        public string? Digest { get; set; }
        public bool Removed { get; set; }
    }
}
