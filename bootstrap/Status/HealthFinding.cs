using System.Text.Json.Serialization;

namespace PiCluster.Bootstrap.Status;

[JsonConverter(typeof(JsonStringEnumConverter<HealthLevel>))]
public enum HealthLevel
{
    [JsonStringEnumMemberName("ok")] Ok,
    [JsonStringEnumMemberName("warn")] Warn,
    [JsonStringEnumMemberName("fail")] Fail,
}

/// <summary>One row of `bootstrap status`: where (a node's name or "cluster"), what was checked, how it stands, and the fix.</summary>
public sealed record HealthFinding(string Scope, string Check, HealthLevel Level, string Value, string? Fix = null)
{
    public const string ClusterScope = "cluster";

    public static HealthFinding Ok(string scope, string check, string value) => new(scope, check, HealthLevel.Ok, value);

    public static HealthFinding Warn(string scope, string check, string value, string fix) => new(scope, check, HealthLevel.Warn, value, fix);

    public static HealthFinding Fail(string scope, string check, string value, string fix) => new(scope, check, HealthLevel.Fail, value, fix);
}

/// <summary>The order rows are shown in, whatever order the probes finished in.</summary>
public static class HealthChecks
{
    public static readonly IReadOnlyList<string> Order =
    [
        "ssh", "os", "alpine branch", "kernel", "root", "disk /", "disk p1", "boot firmware", "kubelet log", "log rotation", "apk", "services",
        "versions", "kubelet cert", "api",
        "control plane", "etcd image", "certs", "etcd", "backup", "flux",
    ];

    public static int IndexOf(string check)
    {
        var i = -1;
        for (var k = 0; k < Order.Count; k++)
        {
            if (check == Order[k] || check.StartsWith(Order[k] + " ", StringComparison.Ordinal)) i = k;
        }
        return i < 0 ? Order.Count : i;
    }
}
