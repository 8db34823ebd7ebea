using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using PiCluster.Render.Schemas;
using YamlDotNet.Core;

namespace PiCluster.Render.Charts;

/// <summary>A cached file is not the chart archive its name promises (not a gzipped tar, no Chart.yaml, another chart or version).</summary>
public sealed class ChartArchiveException(string message) : Exception(message);

/// <summary>
/// What expansion needs to know about a chart archive before templating it: that it is the chart and version its cache
/// path names, the CRDs in its crds/ folders (its own and its subcharts', packed or not), and the text of its other
/// files, to tell whether a change of the API versions handed to helm can change its output. Nothing is templated here.
/// </summary>
public sealed class ChartArchive
{
    private ChartArchive(string name, string version, IReadOnlyList<JsonObject> crds, string text) =>
        (Name, Version, CrdFolderDocuments, Text) = (name, version, crds, text);

    public string Name { get; }

    public string Version { get; }

    /// <summary>The documents of every crds/ folder (Helm reads *.yaml, *.yml and *.json there), subcharts included.</summary>
    public IReadOnlyList<JsonObject> CrdFolderDocuments { get; }

    /// <summary>Templates, helpers and values of the chart and its subcharts, crds/ left out.</summary>
    public string Text { get; }

    /// <summary>True when some template may consult .Capabilities.APIVersions.</summary>
    public bool ReadsApiVersions => Text.Contains("APIVersions", StringComparison.Ordinal);

    /// <exception cref="ChartArchiveException">Not a chart archive, or another chart or version than expected.</exception>
    public static ChartArchive Read(string path, string expectedName, string expectedVersion)
    {
        ChartArchive archive;
        try
        {
            using var file = File.OpenRead(path);
            archive = Read(file);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or YamlException or ChartArchiveException)
        {
            throw new ChartArchiveException($"{path} is not a chart archive ({e.Message}); delete it and run charts pull again");
        }
        if (archive.Name != expectedName || archive.Version.TrimStart('v') != expectedVersion.TrimStart('v'))
            throw new ChartArchiveException($"{path} holds chart {archive.Name} {archive.Version}, not {expectedName} {expectedVersion}; delete it and run charts pull again");
        return archive;
    }

    private static ChartArchive Read(Stream gzipped)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var gzip = new GZipStream(gzipped, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                files[entry.Name.TrimStart('.', '/')] = buffer.ToArray();
            }
        }
        var chartYaml = files.Keys.Where(k => k.Count(c => c == '/') == 1 && k.EndsWith("/Chart.yaml", StringComparison.Ordinal)).ToList();
        if (chartYaml.Count != 1) throw new ChartArchiveException("no top-level <chart>/Chart.yaml");
        var root = chartYaml[0][..chartYaml[0].IndexOf('/')];
        return FromFiles(files, root + "/");
    }

    /// <summary>The chart whose files start with <paramref name="prefix"/> ("traefik/", "kps/charts/grafana/").</summary>
    private static ChartArchive FromFiles(IReadOnlyDictionary<string, byte[]> files, string prefix)
    {
        var metadata = YamlJson.LoadSingle(Utf8(files.GetValueOrDefault(prefix + "Chart.yaml") ?? throw new ChartArchiveException($"no {prefix}Chart.yaml")));
        var name = metadata?["name"]?.ToString() ?? throw new ChartArchiveException($"{prefix}Chart.yaml names no chart");
        var version = metadata["version"]?.ToString() ?? "";
        var crds = new List<JsonObject>();
        var text = new StringBuilder();
        foreach (var (path, bytes) in files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var relative = path[prefix.Length..];
            // A subchart is read on its own below (its crds/ counts, its files are its own).
            if (relative.StartsWith("charts/", StringComparison.Ordinal) && relative.IndexOf('/', "charts/".Length) > 0) continue;
            if (relative.StartsWith("crds/", StringComparison.Ordinal))
            {
                if (Path.GetExtension(relative) is ".yaml" or ".yml" or ".json")
                    crds.AddRange(YamlJson.LoadDocuments(Utf8(bytes)).OfType<JsonObject>());
                continue;
            }
            if (relative.StartsWith("charts/", StringComparison.Ordinal) && relative.EndsWith(".tgz", StringComparison.Ordinal))
            {
                var packed = Read(new MemoryStream(bytes));
                crds.AddRange(packed.CrdFolderDocuments);
                text.Append(packed.Text);
                continue;
            }
            if (IsText(relative)) text.Append(Utf8(bytes)).Append('\n');
        }
        foreach (var sub in files.Keys.Where(k => k.StartsWith(prefix + "charts/", StringComparison.Ordinal))
                     .Select(k => k[(prefix.Length + "charts/".Length)..]).Where(k => k.Contains('/'))
                     .Select(k => k[..k.IndexOf('/')]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!files.ContainsKey($"{prefix}charts/{sub}/Chart.yaml")) continue;
            var unpacked = FromFiles(files, $"{prefix}charts/{sub}/");
            crds.AddRange(unpacked.CrdFolderDocuments);
            text.Append(unpacked.Text);
        }
        return new ChartArchive(name, version, crds, text.ToString());
    }

    private static bool IsText(string relative) =>
        Path.GetExtension(relative) is ".yaml" or ".yml" or ".tpl" or ".txt" or ".json";

    private static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
