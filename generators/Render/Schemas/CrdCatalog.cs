using System.Text.Json.Nodes;
using Json.Schema;

namespace PiCluster.Render.Schemas;

/// <summary>One served-or-not version of a CRD kind with its raw OpenAPI schema.</summary>
internal sealed record CrdVersion(string Name, bool Served, JsonObject? OpenApiSchema);

/// <summary>A kind of an API group, as declared by a CustomResourceDefinition.</summary>
internal sealed record CrdKind(string Group, string Kind, IReadOnlyList<CrdVersion> Versions);

/// <summary>What looking up a document's apiVersion/kind gives.</summary>
internal abstract record CrdLookup
{
    public sealed record GroupUnknown : CrdLookup;
    public sealed record KindUnknown(IReadOnlyList<string> KnownKinds) : CrdLookup;
    public sealed record VersionNotServed(IReadOnlyList<string> ServedVersions) : CrdLookup;
    public sealed record NoSchema : CrdLookup;
    public sealed record Found(CompiledSchema Schema) : CrdLookup;
}

/// <summary>
/// All CRDs of a schemas folder, indexed by group and kind. Following the crds/&lt;group&gt;/*.yaml layout, a group's
/// folder is only parsed when a document of that group is met (files directly under crds/ are parsed up front), and
/// converted schemas are built once per (group, kind, version).
/// </summary>
internal sealed class CrdCatalog
{
    private readonly Dictionary<string, Dictionary<string, CrdKind>> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _unparsedGroupFolders;
    private readonly Dictionary<(string Group, string Kind, string Version), CompiledSchema?> _compiled = [];

    private CrdCatalog(Dictionary<string, IReadOnlyList<string>> unparsedGroupFolders) => _unparsedGroupFolders = unparsedGroupFolders;

    public static CrdCatalog Load(string crdsDir)
    {
        if (!Directory.Exists(crdsDir))
        {
            return new CrdCatalog(new(StringComparer.Ordinal));
        }
        var folders = Directory.EnumerateDirectories(crdsDir)
            .ToDictionary(d => Path.GetFileName(d), d => YamlFiles(d, SearchOption.AllDirectories), StringComparer.Ordinal);
        var catalog = new CrdCatalog(folders);
        catalog.Register(YamlFiles(crdsDir, SearchOption.TopDirectoryOnly));
        return catalog;
    }

    /// <summary>Adds CRD documents that replace the folder's for their group and kind (the folder's group is read first).</summary>
    public CrdCatalog With(IEnumerable<JsonObject> crds)
    {
        foreach (var crd in crds.Select(ParseCrd).OfType<CrdKind>())
        {
            var kinds = Kinds(crd.Group) ?? (_groups[crd.Group] = new(StringComparer.Ordinal));
            kinds[crd.Kind] = crd;
            foreach (var version in crd.Versions) _compiled.Remove((crd.Group, crd.Kind, version.Name));
        }
        return this;
    }

    private static IReadOnlyList<string> YamlFiles(string dir, SearchOption option) =>
        Directory.EnumerateFiles(dir, "*.*", option).Where(SchemaValidator.IsYamlFile).Order(StringComparer.Ordinal).ToList();

    private void Register(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            foreach (var crd in YamlJson.LoadDocuments(File.ReadAllText(file)).Select(ParseCrd).OfType<CrdKind>())
            {
                var kinds = _groups.TryGetValue(crd.Group, out var k) ? k : _groups[crd.Group] = new(StringComparer.Ordinal);
                kinds[crd.Kind] = crd;
            }
        }
    }

    private Dictionary<string, CrdKind>? Kinds(string group)
    {
        if (_unparsedGroupFolders.Remove(group, out var files))
        {
            Register(files);
        }
        return _groups.GetValueOrDefault(group);
    }

    /// <summary>Reads group, kind and versions of one CustomResourceDefinition document; other documents give null.</summary>
    public static CrdKind? ParseCrd(JsonNode? document)
    {
        if (document is not JsonObject crd || Text(crd["kind"]) != "CustomResourceDefinition"
            || crd["spec"] is not JsonObject spec || Text(spec["group"]) is not { } group
            || Text(spec["names"]?["kind"]) is not { } kind)
        {
            return null;
        }
        var versions = (spec["versions"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(v => new CrdVersion(
                Text(v["name"]) ?? "",
                v["served"] is JsonValue s && s.TryGetValue<bool>(out var served) && served,
                // apiextensions/v1beta1 CRDs could carry one schema for all versions in spec.validation.
                (v["schema"]?["openAPIV3Schema"] ?? spec["validation"]?["openAPIV3Schema"]) as JsonObject))
            .ToList();
        return new CrdKind(group, kind, versions);
    }

    public CrdLookup Find(string group, string kind, string version)
    {
        if (Kinds(group) is not { } kinds)
        {
            return new CrdLookup.GroupUnknown();
        }
        if (!kinds.TryGetValue(kind, out var crd))
        {
            return new CrdLookup.KindUnknown(kinds.Keys.Order(StringComparer.Ordinal).ToList());
        }
        var match = crd.Versions.FirstOrDefault(v => v.Served && v.Name == version);
        if (match is null)
        {
            return new CrdLookup.VersionNotServed(crd.Versions.Where(v => v.Served).Select(v => v.Name).ToList());
        }
        var key = (group, kind, version);
        if (!_compiled.TryGetValue(key, out var compiled))
        {
            compiled = match.OpenApiSchema is null ? null : CompiledSchema.From(OpenApiSchemaConverter.ConvertRoot(match.OpenApiSchema));
            _compiled[key] = compiled;
        }
        return compiled is null ? new CrdLookup.NoSchema() : new CrdLookup.Found(compiled);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>A JSON Schema built once, kept with its source so error locations can be resolved back to schema nodes.</summary>
internal sealed record CompiledSchema(JsonSchema Schema, JsonNode Source)
{
    public static CompiledSchema From(JsonNode source) => new(JsonSchema.FromText(source.ToJsonString()), source);
}
