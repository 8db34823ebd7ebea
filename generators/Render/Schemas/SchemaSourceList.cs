using System.Globalization;
using System.Text.RegularExpressions;

namespace PiCluster.Render.Schemas;

/// <summary>One pinned upstream file: where it sits in the schemas cache, where it comes from, and its SHA-256.</summary>
/// <param name="File">Path in the cache, '/'-separated (crds/&lt;group&gt;/…, helm-values/…, kustomize/…).</param>
/// <param name="Repository">GitHub owner/name it is downloaded from.</param>
/// <param name="Commit">The 40-hex commit it is taken at.</param>
/// <param name="UpstreamPath">Its path in that repository.</param>
/// <param name="Version">Release it belongs to; for helm-values files "chart X.Y.Z", optionally "(subcharts: a, b)".</param>
public sealed record SchemaSource(string File, string Repository, string Commit, string UpstreamPath, string Version, string Licence, string Sha256);

/// <summary>The chart version a stored values schema or defaults file belongs to, and the value keys its subcharts own.</summary>
public sealed record ChartPin(string Chart, string Version, IReadOnlySet<string> Subcharts);

/// <summary>
/// schemas/sources.tsv: the only record in the repository of the upstream files validate reads (the files themselves
/// live in the schemas cache, see <see cref="SchemaCache"/>). schemas/update.sh reads the same columns.
/// </summary>
public sealed partial class SchemaSourceList
{
    public const string RepositoryPath = "schemas/sources.tsv";

    /// <summary>What fills the cache, as a user types it from the repository root.</summary>
    public const string UpdateCommand = "schemas/update.sh";

    private const int Columns = 7;

    private SchemaSourceList(IReadOnlyList<SchemaSource> files, IReadOnlyDictionary<string, ChartPin> charts) => (Files, Charts) = (files, charts);

    /// <summary>No pinned files: for a schemas folder that is not the cache (test fixtures).</summary>
    public static SchemaSourceList Empty { get; } = new([], new Dictionary<string, ChartPin>(StringComparer.Ordinal));

    public IReadOnlyList<SchemaSource> Files { get; }

    /// <summary>Chart name → pinned version (and subcharts), from the helm-values rows.</summary>
    public IReadOnlyDictionary<string, ChartPin> Charts { get; }

    public static SchemaSourceList Load(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, RepositoryPath.Replace('/', Path.DirectorySeparatorChar));
        if (!System.IO.File.Exists(path))
        {
            throw new SchemaCacheException($"{RepositoryPath} is missing from {repositoryRoot}: it lists the pinned schemas; restore it with `git checkout -- {RepositoryPath}`.");
        }
        return Parse(System.IO.File.ReadAllText(path));
    }

    /// <exception cref="SchemaCacheException">A row that does not have the seven columns in their format (line named).</exception>
    public static SchemaSourceList Parse(string text)
    {
        var files = new List<SchemaSource>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#')) continue;
            var cells = lines[i].Split('\t');
            var lineNumber = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (cells.Length != Columns)
                throw Malformed(lineNumber, cells[0], $"{cells.Length} columns, expected {Columns} (file, upstream repo, commit, upstream path, version, licence, sha256)");
            var row = new SchemaSource(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]);
            if (!SafeRelativePath().IsMatch(row.File) || row.File.Split('/').Contains(".."))
                throw Malformed(lineNumber, row.File, "the file column must be a relative path inside the cache");
            if (!OwnerAndName().IsMatch(row.Repository)) throw Malformed(lineNumber, row.File, $"repository \"{row.Repository}\" is not owner/name");
            if (!Hex40().IsMatch(row.Commit)) throw Malformed(lineNumber, row.File, $"commit \"{row.Commit}\" is not a 40-hex commit");
            if (!Hex64().IsMatch(row.Sha256)) throw Malformed(lineNumber, row.File, $"sha256 \"{row.Sha256}\" is not 64 lowercase hex digits");
            if (files.Any(f => f.File == row.File)) throw Malformed(lineNumber, row.File, "listed twice");
            files.Add(row);
        }
        return new SchemaSourceList(files, ChartPins(files));
    }

    private static Dictionary<string, ChartPin> ChartPins(IEnumerable<SchemaSource> files)
    {
        var pins = new Dictionary<string, ChartPin>(StringComparer.Ordinal);
        foreach (var row in files)
        {
            if (HelmValuesFile().Match(row.File) is not { Success: true } file) continue;
            var chart = file.Groups["chart"].Value;
            if (ChartVersion().Match(row.Version) is not { Success: true } version)
                throw new SchemaCacheException($"{RepositoryPath}: {row.File}: version \"{row.Version}\" must read \"chart X.Y.Z\" (optionally \"(subcharts: a, b)\"): validate compares it with the HelmRelease's chart version.");
            var subcharts = version.Groups["subcharts"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            var pin = new ChartPin(chart, version.Groups["version"].Value, subcharts);
            if (pins.TryGetValue(chart, out var other) && (other.Version != pin.Version || !other.Subcharts.SetEquals(pin.Subcharts)))
                throw new SchemaCacheException($"{RepositoryPath}: the helm-values rows of chart {chart} disagree: \"{row.Version}\" against chart {other.Version}.");
            pins[chart] = pin;
        }
        return pins;
    }

    private static SchemaCacheException Malformed(string line, string file, string problem) =>
        new($"{RepositoryPath} line {line} ({file}): {problem}.");

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeRelativePath();

    [GeneratedRegex("^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerAndName();

    [GeneratedRegex("^[0-9a-f]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex40();

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex64();

    [GeneratedRegex(@"^helm-values/(?<chart>[^/]+?)\.(schema\.json|values\.yaml)$", RegexOptions.CultureInvariant)]
    private static partial Regex HelmValuesFile();

    [GeneratedRegex(@"^chart (?<version>\S+)(?: \(subcharts: (?<subcharts>[^)]*)\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ChartVersion();
}
