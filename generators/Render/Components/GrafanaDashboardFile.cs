using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>
/// What a dashboard file must be before it ships as a sidecar ConfigMap: a JSON object with a uid, no datasource left as
/// an import input (<c>${DS_…}</c> from <c>__inputs</c>), and small enough for a ConfigMap. Each failure names the model
/// entry and the file, so a bad drop-in stops render instead of reaching Grafana as an empty or broken dashboard.
/// </summary>
public static class GrafanaDashboardFile
{
    /// <summary>The values of a ConfigMap's data and binaryData may total 1 MiB (kubernetes pkg/apis/core/validation/validation.go, ValidateConfigMap: core.MaxSecretSize).</summary>
    public const int ConfigMapDataLimitBytes = 1024 * 1024;

    /// <summary>Checks <paramref name="json"/> (the file for dashboard <paramref name="name"/>) and returns it unchanged.</summary>
    public static string Check(string name, string json)
    {
        var where = $"Services.Monitoring.Dashboards: \"{name}\" (cluster/Dashboards/{name}.json)";
        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > ConfigMapDataLimitBytes)
            throw new ClusterInputException($"{where} is {bytes} bytes; a ConfigMap holds at most {ConfigMapDataLimitBytes}.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ClusterInputException($"{where} is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ClusterInputException($"{where} is a JSON {root.ValueKind}, not a dashboard object.");
            // Without a uid Grafana makes up a new one on each provisioning pass, which breaks links and bookmarks.
            if (!root.TryGetProperty("uid", out var uid) || uid.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(uid.GetString()))
                throw new ClusterInputException($"{where} has no \"uid\"; provisioned dashboards need a fixed one.");
            var variables = TemplateVariables(root);
            foreach (var input in ImportInputs(root))
            {
                // The sidecar provisions files as they are: only the UI import fills __inputs, so ${DS_X} stays literal.
                if (!variables.Contains(input) && UsesVariable(json, input))
                    throw new ClusterInputException(
                        $"{where} uses the import input ${{{input}}}, which provisioning leaves unresolved; " +
                        "point its panels at a datasource template variable (\"uid\": \"${datasource}\") instead.");
            }
        }
        return json;
    }

    /// <summary>The dashboards' uids must differ, or Grafana keeps only one of them.</summary>
    public static void CheckUniqueUids(IEnumerable<(string Name, string Json)> dashboards)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, json) in dashboards)
        {
            using var document = JsonDocument.Parse(json);
            var uid = document.RootElement.GetProperty("uid").GetString()!;
            if (seen.TryGetValue(uid, out var first))
                throw new ClusterInputException(
                    $"Services.Monitoring.Dashboards: \"{name}\" and \"{first}\" share the uid \"{uid}\"; Grafana would load only one.");
            seen[uid] = name;
        }
    }

    private static HashSet<string> TemplateVariables(JsonElement root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("templating", out var templating) && templating.ValueKind == JsonValueKind.Object
            && templating.TryGetProperty("list", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var variable in list.EnumerateArray())
            {
                if (variable.ValueKind == JsonValueKind.Object && variable.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                    names.Add(name.GetString()!);
            }
        }
        return names;
    }

    private static IEnumerable<string> ImportInputs(JsonElement root)
    {
        if (!root.TryGetProperty("__inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array) yield break;
        foreach (var input in inputs.EnumerateArray())
        {
            if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                yield return name.GetString()!;
        }
    }

    // Grafana's variable syntaxes: $name, ${name} and ${name:format}, and the deprecated [[name]].
    private static bool UsesVariable(string json, string name) =>
        Regex.IsMatch(json, $@"\$\{{{Regex.Escape(name)}(:[^}}]*)?\}}|\${Regex.Escape(name)}(?![A-Za-z0-9_])|\[\[{Regex.Escape(name)}(:[^\]]*)?\]\]");
}
