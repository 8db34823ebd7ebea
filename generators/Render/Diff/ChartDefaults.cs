using System.Text.Json.Nodes;
using PiCluster.Render.Schemas;

namespace PiCluster.Render.Diff;

/// <summary>Chart default values from a helm-values folder (&lt;chart&gt;.values.yaml, the files validate merges over), each read once.</summary>
public static class ChartDefaults
{
    /// <summary>Null when the folder does not exist: values are then compared as written.</summary>
    public static Func<string, JsonNode?>? FromFolder(string helmValuesDir)
    {
        if (!Directory.Exists(helmValuesDir)) return null;
        var cache = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        return chart =>
        {
            if (cache.TryGetValue(chart, out var known)) return known;
            // Chart names come from the rendered input: nothing may leave the folder.
            var file = chart.IndexOfAny(['/', '\\']) < 0 && chart is not ("." or "..") ? Path.Combine(helmValuesDir, chart + ".values.yaml") : null;
            return cache[chart] = file is not null && File.Exists(file) ? YamlJson.LoadSingle(File.ReadAllText(file)) : null;
        };
    }
}
