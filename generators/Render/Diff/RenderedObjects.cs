using System.Text.Json.Nodes;
using PiCluster.Render.Schemas;
using YamlDotNet.Core;

namespace PiCluster.Render.Diff;

/// <summary>A rendered tree split into cluster objects (from YAML files) and the other files (README.md, unparsable YAML).</summary>
public sealed record RenderedObjects(IReadOnlyDictionary<ObjectId, ManifestObject> Objects, IReadOnlyDictionary<string, string> OtherFiles)
{
    /// <summary>Parses every *.yaml/*.yml file of a tree given as relative path → text. Never throws on bad YAML: such a file is kept as an other file.</summary>
    public static RenderedObjects Parse(IReadOnlyDictionary<string, string> files) => Parse(files, ParseFiles(files));

    /// <summary>Both trees at once: a file with the same text on both sides is parsed once and its objects shared, so unchanged objects cost nothing to compare.</summary>
    public static (RenderedObjects Before, RenderedObjects After) ParseBoth(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var work = before.Select(f => (Side: 0, f.Key, f.Value))
            .Concat(after.Where(f => !before.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => (Side: 1, f.Key, f.Value)))
            .ToList();
        var parsed = ParseFiles(work.Select(w => KeyValuePair.Create(w.Key, w.Value)).ToList());
        var parsedBefore = new Dictionary<string, ParsedFile>(StringComparer.Ordinal);
        var parsedAfter = new Dictionary<string, ParsedFile>(StringComparer.Ordinal);
        for (var i = 0; i < work.Count; i++) (work[i].Side == 0 ? parsedBefore : parsedAfter)[work[i].Key] = parsed[i];
        foreach (var path in after.Keys.Where(p => !parsedAfter.ContainsKey(p))) parsedAfter[path] = parsedBefore[path];
        return (Parse(before, before.Keys.Select(p => parsedBefore[p]).ToList()), Parse(after, after.Keys.Select(p => parsedAfter[p]).ToList()));
    }

    /// <summary>One file's documents, or null when it is not YAML or does not parse.</summary>
    private sealed record ParsedFile(IReadOnlyList<JsonObject>? Documents);

    // Files parse independently; the order of the result follows the input, so the output stays deterministic.
    private static List<ParsedFile> ParseFiles(IReadOnlyCollection<KeyValuePair<string, string>> files) =>
        files.AsParallel().AsOrdered().Select(f => ParseFile(f.Key, f.Value)).ToList();

    private static ParsedFile ParseFile(string path, string text)
    {
        if (!SchemaValidator.IsYamlFile(path)) return new ParsedFile(null);
        try
        {
            return new ParsedFile(YamlJson.LoadDocuments(text).OfType<JsonObject>().ToList());
        }
        catch (YamlException)
        {
            // Still compared, as text: a broken file on one side must not hide the rest of the diff.
            return new ParsedFile(null);
        }
    }

    private static RenderedObjects Parse(IReadOnlyDictionary<string, string> files, IReadOnlyList<ParsedFile> parsed)
    {
        var objects = new Dictionary<ObjectId, ManifestObject>();
        var others = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, file) in files.Keys.Zip(parsed).OrderBy(f => f.First, StringComparer.Ordinal))
        {
            if (file.Documents is null)
            {
                others[path] = files[path];
                continue;
            }
            foreach (var body in file.Documents)
            {
                var id = ObjectId.Of(body, path);
                // The same object twice is a broken tree; keep both so neither change goes unseen.
                for (var n = 2; objects.ContainsKey(id); n++) id = id with { Name = $"{ObjectId.Of(body, path).Name}#{n}" };
                objects[id] = new ManifestObject(id, path, body);
            }
        }
        return new RenderedObjects(objects, others);
    }
}
