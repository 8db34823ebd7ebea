using System.Text.Json;
using System.Text.Json.Serialization;
using PiCluster.CommandLine;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Status;

/// <summary>The rows of one `bootstrap status` run, collected from probes running in parallel, shown in a fixed order.</summary>
public sealed class HealthReport(ClusterDefinition cluster)
{
    private readonly List<HealthFinding> _findings = [];
    private readonly Lock _lock = new();

    public void Add(IEnumerable<HealthFinding> findings)
    {
        lock (_lock) _findings.AddRange(findings);
    }

    public void Add(HealthFinding finding) => Add([finding]);

    /// <summary>Nodes in definition order, then the cluster; checks in <see cref="HealthChecks.Order"/>; the order probes added them otherwise.</summary>
    public IReadOnlyList<HealthFinding> Findings
    {
        get
        {
            List<HealthFinding> copy;
            lock (_lock) copy = [.. _findings];
            var scopes = cluster.Nodes.Select(n => n.Name).Append(HealthFinding.ClusterScope).ToList();
            return [.. copy.Select((f, i) => (f, i))
                .OrderBy(x => scopes.IndexOf(x.f.Scope) is var s && s < 0 ? scopes.Count : s)
                .ThenBy(x => HealthChecks.IndexOf(x.f.Check))
                .ThenBy(x => x.i)
                .Select(x => x.f)];
        }
    }

    public bool Has(string scope, string check)
    {
        lock (_lock) return _findings.Any(f => f.Scope == scope && f.Check == check);
    }

    /// <summary>0 when every row is ok, 1 when any warns or fails (2, bad input, never comes from here).</summary>
    public int ExitCode => Findings.Any(f => f.Level != HealthLevel.Ok) ? ExitCodes.Failed : ExitCodes.Ok;

    public string ToJson(DateTimeOffset checkedAt)
    {
        var findings = Findings;
        var document = new StatusDocument(cluster.Name, checkedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ExitCode, findings.Count(f => f.Level == HealthLevel.Ok), findings.Count(f => f.Level == HealthLevel.Warn), findings.Count(f => f.Level == HealthLevel.Fail), findings);
        return JsonSerializer.Serialize(document, StatusJson.Default.StatusDocument) + "\n";
    }
}

/// <summary>`bootstrap status --format json`: stable names, for scripts, cron mails and a Grafana JSON data source.</summary>
public sealed record StatusDocument(string Cluster, string CheckedAt, int ExitCode, int Ok, int Warn, int Fail, IReadOnlyList<HealthFinding> Findings);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class StatusJson : JsonSerializerContext;
