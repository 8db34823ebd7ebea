using System.Text.Json.Nodes;
using PiCluster.Render.Validation;
using YamlDotNet.Core;

namespace PiCluster.Render.Diff;

/// <summary>A rendered tree split into cluster objects (from YAML files) and the other files (README.md, unparsable YAML).</summary>
public sealed record RenderedObjects(IReadOnlyDictionary<ObjectId, ManifestObject> Objects, IReadOnlyDictionary<string, string> OtherFiles)
{
    /// <summary>Parses every *.yaml/*.yml file of a tree given as relative path → text. Never throws on bad YAML: such a file is kept as an other file.</summary>
    public static RenderedObjects Parse(IReadOnlyDictionary<string, string> files)
    {
        var objects = new Dictionary<ObjectId, ManifestObject>();
        var others = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!SchemaValidator.IsYamlFile(path))
            {
                others[path] = text;
                continue;
            }
            IReadOnlyList<JsonNode?> documents;
            try
            {
                documents = YamlJson.LoadDocuments(text);
            }
            catch (YamlException)
            {
                // Still compared, as text: a broken file on one side must not hide the rest of the diff.
                others[path] = text;
                continue;
            }
            foreach (var body in documents.OfType<JsonObject>())
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
