using System.Text.Json.Nodes;
using Json.Schema;
using PiCluster.Render.Resources;
using YamlDotNet.Core;

namespace PiCluster.Render.Schemas;

/// <summary>A schema problem of one document of the rendered tree.</summary>
/// <param name="File">Path relative to the rendered folder, with '/' separators.</param>
/// <param name="Document">1-based index of the YAML document in the file (0 when the file could not be parsed).</param>
public sealed record SchemaProblem(string File, int Document, string Kind, string Name, string JsonPath, string Message)
{
    public override string ToString() =>
        $"{File}: document {Document.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Kind}/{(Name.Length == 0 ? "(unnamed)" : Name)}: {JsonPath}: {Message}";
}

/// <summary>
/// Validates a rendered GitOps tree against the CRDs, Helm values schemas and kustomization schema of a schemas folder
/// (the layout of the schemas cache, see schemas/SOURCES.md).
/// </summary>
public static class SchemaValidator
{
    private const string HelmGroup = HelmRelease.Group;
    private const string KustomizeConfigGroup = KustomizeConfig.Group;

    /// <summary>
    /// Validates every *.yaml/*.yml file under <paramref name="renderedDir"/>. Kinds of groups with CRDs in the schemas
    /// folder are checked against their CRD; other groups (core, apps, rbac…) are skipped. Problems are ordered by file,
    /// document, path and message. Schemas are built once per call.
    /// </summary>
    public static IReadOnlyList<SchemaProblem> ValidateTree(string renderedDir, VerifiedSchemas schemas) =>
        ValidateTree(renderedDir, schemas.Directory, schemas.Sources);

    /// <summary>
    /// The same over any folder of that layout; <paramref name="sources"/> gives the chart versions the values files
    /// belong to (<see cref="SchemaSourceList.Empty"/> for a folder that is not the pinned cache: no chart version check).
    /// </summary>
    public static IReadOnlyList<SchemaProblem> ValidateTree(string renderedDir, string schemasDir, SchemaSourceList sources)
    {
        var schemas = new SchemaSet(schemasDir, sources);
        var root = Path.GetFullPath(renderedDir);
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(IsYamlFile)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        return files
            .SelectMany(f => ValidateFile(schemas, f.Relative, File.ReadAllText(f.Full)))
            .OrderBy(p => p.File, StringComparer.Ordinal)
            .ThenBy(p => p.Document)
            .ThenBy(p => p.JsonPath, StringComparer.Ordinal)
            .ThenBy(p => p.Message, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Custom resources whose group has no CRD in the schemas folder ("group/version Kind", sorted, once each): validate
    /// cannot check them and says so instead of passing them silently. Kubernetes' own groups (core, apps, *.k8s.io…) are
    /// not custom resources and are left out.
    /// </summary>
    public static IReadOnlyList<string> NotChecked(string renderedDir, VerifiedSchemas schemas) => NotChecked(renderedDir, schemas.Directory);

    /// <summary>The same over any folder of the schemas layout.</summary>
    public static IReadOnlyList<string> NotChecked(string renderedDir, string schemasDir)
    {
        var crds = CrdCatalog.Load(Path.Combine(schemasDir, "crds"));
        var root = Path.GetFullPath(renderedDir);
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Where(IsYamlFile))
        {
            IReadOnlyList<JsonNode?> documents;
            try
            {
                documents = YamlJson.LoadDocuments(File.ReadAllText(file));
            }
            catch (YamlException)
            {
                continue;
            }
            foreach (var doc in documents.OfType<JsonObject>())
            {
                var reference = new DocumentRef(file, 0, Path.GetFileName(file), doc);
                if (!reference.Group.Contains('.', StringComparison.Ordinal) || reference.Group == "k8s.io" || reference.Group.EndsWith(".k8s.io", StringComparison.Ordinal)) continue;
                if (crds.Find(reference.Group, reference.Kind, reference.Version) is CrdLookup.GroupUnknown)
                    kinds.Add($"{reference.ApiVersion} {reference.Kind}");
            }
        }
        return [.. kinds];
    }

    public static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<SchemaProblem> ValidateFile(SchemaSet schemas, string relative, string text)
    {
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlJson.LoadDocuments(text);
        }
        catch (YamlException e)
        {
            return [new SchemaProblem(relative, 0, "", "", "$", $"YAML parse error at line {e.Start.Line}: {e.Message}")];
        }
        var fileName = Path.GetFileName(relative);
        return documents.SelectMany((doc, i) => doc is JsonObject obj
            ? ValidateDocument(schemas, new DocumentRef(relative, i + 1, fileName, obj))
            : []);
    }

    /// <summary>Identity of a document, for building problems.</summary>
    internal sealed record DocumentRef(string File, int Index, string FileName, JsonObject Body)
    {
        public string ApiVersion => Str(Body["apiVersion"]) ?? "";
        public string Kind => Str(Body["kind"]) ?? "";
        public string Name => Str(Body["metadata"]?["name"]) ?? "";
        public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        public string Version => ApiVersion[(ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];

        public SchemaProblem Problem(string path, string message) => new(File, Index, Kind, Name, path, message);
    }

    private static IEnumerable<SchemaProblem> ValidateDocument(SchemaSet schemas, DocumentRef doc)
    {
        if (IsKustomizeConfig(doc))
        {
            return ValidateKustomizeConfig(schemas, doc);
        }
        var problems = ValidateAgainstCrd(schemas, doc);
        return doc.Group == HelmGroup && doc.Kind == HelmRelease.KindName
            ? problems.Concat(ValidateHelmValues(schemas, doc))
            : problems;
    }

    // kustomize accepts a kustomization.yaml without apiVersion/kind, so the file name also identifies one.
    private static bool IsKustomizeConfig(DocumentRef doc) =>
        doc.Group == KustomizeConfigGroup && doc.Kind == KustomizeConfig.KindName
        || doc.ApiVersion.Length == 0 && doc.FileName is "kustomization.yaml" or "kustomization.yml" or "Kustomization";

    private static IEnumerable<SchemaProblem> ValidateKustomizeConfig(SchemaSet schemas, DocumentRef doc) =>
        schemas.Kustomization is { } schema
            ? Evaluate(schemas, schema, doc.Body, "$").Select(e => doc.Problem(e.JsonPath, e.Message))
            : [];

    internal static IEnumerable<SchemaProblem> ValidateAgainstCrd(SchemaSet schemas, DocumentRef doc)
    {
        return schemas.Crds.Find(doc.Group, doc.Kind, doc.Version) switch
        {
            CrdLookup.GroupUnknown or CrdLookup.NoSchema => [],
            CrdLookup.KindUnknown k =>
                [doc.Problem("$.kind", $"no such kind \"{doc.Kind}\" in group {doc.Group}; known kinds: {string.Join(", ", k.KnownKinds)}")],
            CrdLookup.VersionNotServed v =>
                [doc.Problem("$.apiVersion", $"version \"{doc.Version}\" of {doc.Group}/{doc.Kind} is not served; served versions: {string.Join(", ", v.ServedVersions)}")],
            CrdLookup.Found f => Evaluate(schemas, f.Schema, doc.Body, "$").Select(e => doc.Problem(e.JsonPath, e.Message)),
            _ => [],
        };
    }

    /// <summary>Helm validates the chart defaults merged with the release values; Flux's valuesFrom cannot be resolved here.</summary>
    private static IEnumerable<SchemaProblem> ValidateHelmValues(SchemaSet schemas, DocumentRef doc)
    {
        var chartSpec = doc.Body["spec"]?["chart"]?["spec"];
        if (Str(chartSpec?["chart"]) is not { } chart)
        {
            return [];
        }
        var chartSchema = schemas.Helm.Find(chart);
        var defaults = chartSchema is null ? schemas.Helm.Defaults(chart) : null;
        if (chartSchema is null && defaults is null)
        {
            return [];
        }
        var pinned = schemas.Helm.PinnedVersion(chart);
        var version = Str(chartSpec?["version"]);
        if (pinned is not null && version != pinned)
        {
            var actual = version is null ? "not set (latest)" : $"\"{version}\"";
            return [doc.Problem("$.spec.chart.spec.version",
                $"chart {chart} version {actual} does not match the version {pinned} of the stored values schema; values not checked")];
        }
        if (chartSchema is null)
        {
            return HelmDefaultsCheck.Check(defaults, doc.Body["spec"]?["values"], schemas.Helm.Subcharts(chart), "$.spec.values")
                .Select(e => doc.Problem(e.JsonPath, e.Message));
        }
        var merged = HelmValues.Merge(chartSchema.Defaults, doc.Body["spec"]?["values"]);
        return Evaluate(schemas, chartSchema.Schema, merged, "$.spec.values").Select(e => doc.Problem(e.JsonPath, e.Message));
    }

    private static IReadOnlyList<SchemaError> Evaluate(SchemaSet schemas, CompiledSchema schema, JsonNode? instance, string prefix)
    {
        try
        {
            return SchemaErrors.Validate(schema, instance, prefix, schemas.Options);
        }
        catch (Exception e) when (e is JsonSchemaException or RefResolutionException or InvalidOperationException or ArgumentException)
        {
            // A schema JsonSchema.Net cannot evaluate must not abort the whole tree.
            return [new SchemaError(prefix, $"schema could not be evaluated: {e.Message}")];
        }
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The schemas of one folder, loaded lazily and kept for one validation run.</summary>
    /// <param name="extraCrds">CRDs that override the folder's for their group and kind (those a chart installs, for --charts).</param>
    internal sealed class SchemaSet(string schemasDir, SchemaSourceList sources, IEnumerable<JsonObject>? extraCrds = null)
    {
        private readonly Lazy<CrdCatalog> _crds = new(() => CrdCatalog.Load(Path.Combine(schemasDir, "crds")).With(extraCrds ?? []));
        private readonly Lazy<HelmChartCatalog> _helm = new(() => new HelmChartCatalog(Path.Combine(schemasDir, "helm-values"), sources.Charts));
        private readonly Lazy<CompiledSchema?> _kustomization = new(() => LoadKustomization(Path.Combine(schemasDir, "kustomize", "kustomization.schema.json")));

        public CrdCatalog Crds => _crds.Value;
        public HelmChartCatalog Helm => _helm.Value;
        public CompiledSchema? Kustomization => _kustomization.Value;

        public ValidationOptions Options { get; } = ValidationOptions.Create();

        private static CompiledSchema? LoadKustomization(string file)
        {
            if (!File.Exists(file) || JsonNode.Parse(File.ReadAllText(file)) is not JsonObject source)
            {
                return null;
            }
            HelmValues.NormalizeMetaSchema(source);
            return CompiledSchema.From(source);
        }
    }
}
