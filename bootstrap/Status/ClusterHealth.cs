using System.Globalization;
using System.Text.Json;
using k8s.Models;
using PiCluster.Bootstrap.Drain;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Status;

/// <summary>Judges what the control plane reports (bootstrap/Scripts/cluster-status.sh, the Node objects); pure functions.</summary>
public static class ClusterHealth
{
    private const string Scope = HealthFinding.ClusterScope;

    /// <summary>"kube-apiserver v1.36.1" lines → the control-plane version (kube-apiserver's tag) and a finding against the model.</summary>
    public static (KubernetesVersion? Version, HealthFinding Finding) ControlPlane(string output, ClusterDefinition cluster)
    {
        var tags = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var components = new[] { "kube-apiserver", "kube-controller-manager", "kube-scheduler" };
        var value = string.Join(", ", components.Select(c => $"{c.Replace("kube-", "", StringComparison.Ordinal)} {tags.GetValueOrDefault(c, "missing")}")) +
            (tags.TryGetValue("etcd", out var etcd) ? $", etcd {etcd}" : "");
        if (!KubernetesVersion.TryParse(tags.GetValueOrDefault("kube-apiserver"), out var api))
            return (null, HealthFinding.Fail(Scope, "control plane", value, $"no kube-apiserver static pod on {cluster.ControlPlane.Name}: bootstrap cluster"));
        if (components.Any(c => tags.GetValueOrDefault(c) != api.ToString()))
            return (api, HealthFinding.Warn(Scope, "control plane", value + " (components differ)", "an upgrade stopped half-way: bootstrap upgrade"));
        if (!KubernetesVersion.TryParse(cluster.Kubernetes.Version, out var model))
            return (api, HealthFinding.Ok(Scope, "control plane", value));
        if (!model.SameMinor(api))
            return (api, HealthFinding.Warn(Scope, "control plane", value + $"; the model says {model}", model > api ? "bootstrap upgrade" : $"set KubernetesSettings.Version back to {api} (the cluster cannot go back a minor)"));
        if (model > api)
            return (api, HealthFinding.Warn(Scope, "control plane", value + $"; the model says {model}", "bootstrap upgrade"));
        // The model's patch is a floor: nodes run the newest patch of the minor the @k8s branch offers.
        return (api, HealthFinding.Ok(Scope, "control plane", value + (model < api ? $" (model {model}, the lowest patch accepted)" : "")));
    }

    /// <summary>
    /// The etcd image the control plane runs against <see cref="KubeadmEtcd"/> for its minor: the backup CronJob runs the
    /// table's image (etcdctl/etcdutl), so a difference means the table is stale (kubeadm picked another etcd).
    /// </summary>
    public static IEnumerable<HealthFinding> EtcdImage(string output, KubernetesVersion? controlPlane)
    {
        var running = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2)).Where(p => p.Length == 2 && p[0] == "etcd").Select(p => p[1]).FirstOrDefault();
        if (controlPlane is not { } version || running is null or "missing") yield break;
        var (expected, fallback) = KubeadmEtcd.Lookup(version.ToString());
        if (running == expected)
        {
            yield return HealthFinding.Ok(Scope, "etcd image", $"etcd {running}, as KubeadmEtcd says for {version.MinorText}" + (fallback is null ? "" : " (its nearest entry)"));
            yield break;
        }
        yield return HealthFinding.Warn(Scope, "etcd image",
            $"etcd runs {running}, KubeadmEtcd says {expected} for {version.MinorText}{(fallback is null ? "" : " (nearest entry: the minor is not in the table)")}; the etcd backup uses the table's image",
            $"set KubeadmEtcd.SupportedEtcdVersion[{version.Minor}] = \"{running}\" (what kubeadm deployed) in cluster/Model/KubeadmEtcd.cs, render and commit");
    }

    /// <summary>One node as the API sees it: Ready, and its kubelet against the control plane (never newer, at most three minors older; same patch expected).</summary>
    public static HealthFinding NodeApi(string node, V1Node? api, KubernetesVersion? controlPlane)
    {
        if (api is null) return HealthFinding.Fail(node, "api", "not a node of the cluster", "join it: bootstrap cluster");
        var kubelet = DrainState.KubeletVersion(api) ?? "?";
        var ready = DrainState.IsReady(api);
        var cordoned = DrainState.IsCordoned(api);
        var value = $"{(ready ? "Ready" : "NotReady")}{(cordoned ? ", cordoned" : "")}, kubelet {kubelet}";
        if (!ready)
        {
            var reason = api.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Message;
            return HealthFinding.Fail(node, "api", value + (string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason})"),
                $"look at the kubelet on {node}: rc-service kubelet status; /var/log/kubelet/kubelet.log");
        }
        if (controlPlane is { } cp && KubernetesVersion.TryParse(kubelet, out var k))
        {
            if (k.Major != cp.Major || k.Minor > cp.Minor || k.Minor < cp.Minor - 3)
                return HealthFinding.Fail(node, "api", value + $"; control plane {cp}: outside the supported skew (kubelet never newer, at most 3 minors older)", "bootstrap upgrade");
            if (k != cp)
                return HealthFinding.Warn(node, "api", value + $"; control plane {cp} (patch drift)", "bootstrap upgrade (brings the control plane and every kubelet to one version)");
        }
        return cordoned
            ? HealthFinding.Warn(node, "api", value, $"kubectl uncordon {node} (an upgrade or drain stopped half-way: bootstrap upgrade finishes it)")
            : HealthFinding.Ok(node, "api", value);
    }

    /// <summary>
    /// `kubeadm certs check-expiration -o json` (output.kubeadm.k8s.io/v1alpha3 CertificateExpirationInfo,
    /// kubernetes/kubernetes cmd/kubeadm/app/apis/output/v1alpha3/types.go): one row per certificate under the threshold,
    /// else one summary row.
    /// </summary>
    public static IReadOnlyList<HealthFinding> Certificates(string json, int thresholdDays)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var rows = new List<HealthFinding>();
        var leaves = Entries(root, "certificates").ToList();
        var cas = Entries(root, "certificateAuthorities").ToList();
        foreach (var (name, days, missing) in leaves)
        {
            if (missing) rows.Add(HealthFinding.Fail(Scope, "certs " + name, "missing (kubeadm certs renew does not create it)", CreateMissing(name)));
            else if (days < 0) rows.Add(HealthFinding.Fail(Scope, "certs " + name, $"expired {-days} days ago", "bootstrap certs renew"));
            else if (days < thresholdDays) rows.Add(HealthFinding.Warn(Scope, "certs " + name, $"expires in {days} days", "bootstrap certs renew"));
        }
        foreach (var (name, days, missing) in cas)
        {
            if (missing || days < thresholdDays)
                rows.Add(HealthFinding.Fail(Scope, "certs " + name, missing ? "CA missing" : $"CA expires in {days} days",
                    "kubeadm does not renew CAs: follow \"Manual certificate renewal\" of the kubeadm docs (a new CA means new kubeconfigs for every node)"));
        }
        if (rows.Count == 0)
        {
            var first = leaves.OrderBy(l => l.Days).FirstOrDefault();
            rows.Add(HealthFinding.Ok(Scope, "certs", leaves.Count == 0 ? "no certificates reported" : $"{leaves.Count} certificates, the first expires in {first.Days} days ({first.Name}); CAs {string.Join(", ", cas.Select(c => $"{c.Name} {c.Days} d"))}"));
        }
        return rows;
    }

    /// <summary>
    /// The kubeadm command that creates a missing certificate or kubeconfig from the existing CA on the control plane
    /// (cmd/kubeadm/app/cmd/phases/init/certs.go and kubeconfig.go: one subcommand per renewal-manager name), then the
    /// restart of what reads it (bootstrap certs renew --force restarts the four static pods).
    /// </summary>
    public static string CreateMissing(string name)
    {
        var config = Kubeadm.KubeadmConfigBuilder.RemotePath;
        var command = name.EndsWith(".conf", StringComparison.Ordinal)
            ? $"kubeadm init phase kubeconfig {name[..^".conf".Length]} --config {config}"
            : $"kubeadm init phase certs {name} --config {config}";
        return $"on the control plane: {command}; then bootstrap certs renew --force (restarts the static pods)";
    }

    private static IEnumerable<(string Name, int Days, bool Missing)> Entries(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array) yield break;
        foreach (var entry in array.EnumerateArray())
        {
            var name = entry.TryGetProperty("name", out var n) ? n.GetString() ?? "?" : "?";
            var missing = entry.TryGetProperty("missing", out var m) && m.ValueKind == JsonValueKind.True;
            var seconds = entry.TryGetProperty("residualTime", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : 0;
            yield return (name, (int)Math.Floor(seconds / 86400.0), missing);
        }
    }

    /// <summary>etcd's /health and DB size against the backend quota (etcd's default 2 GiB when it reports none).</summary>
    public static HealthFinding Etcd(string output)
    {
        var values = KeyValues(output);
        if (values.TryGetValue("health_error", out var error) || !values.TryGetValue("health", out var health))
            return HealthFinding.Fail(Scope, "etcd", "no answer from etcd's /health" + (error is null ? "" : $": {error}"), "look at etcd on the control plane (crictl ps -a --name etcd; crictl logs <id>)");
        var healthy = health.Contains("\"health\":\"true\"", StringComparison.Ordinal) || health.Contains("\"health\": \"true\"", StringComparison.Ordinal);
        var size = values.TryGetValue("etcd_mvcc_db_total_size_in_bytes", out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var b) ? b : (long?)null;
        var quota = values.TryGetValue("etcd_server_quota_backend_bytes", out var q) && long.TryParse(q, CultureInfo.InvariantCulture, out var qb) && qb > 0 ? qb : 2L << 30;
        var value = $"{(healthy ? "healthy" : "unhealthy")}, DB {(size is null ? "size unknown" : NodeHealth.Bytes(size.Value))} of {NodeHealth.Bytes(quota)}";
        if (!healthy) return HealthFinding.Fail(Scope, "etcd", value + $" ({health})", "look at etcd on the control plane (crictl logs); restore from a backup if its data is lost: bootstrap restore-etcd");
        return size > quota * 8 / 10
            ? HealthFinding.Warn(Scope, "etcd", value, "defragment: kubectl -n kube-system exec etcd-<node> -- etcdctl defrag (with the healthcheck client certificate)")
            : HealthFinding.Ok(Scope, "etcd", value);
    }

    /// <summary>The newest etcd-&lt;stamp&gt;.db (cluster/Scripts/etcd-backup.sh names them by UTC stamp) against the backup's alert age.</summary>
    public static HealthFinding Backup(string output, DateTimeOffset now, EtcdBackup backup, string where)
    {
        var values = KeyValues(output);
        if (values.TryGetValue("mount_error", out var error))
            return HealthFinding.Fail(Scope, "backup", $"cannot mount {where}: {error}", "bootstrap nfs (the NFS preflight names the fix)");
        var newest = values.GetValueOrDefault("newest", "");
        if (newest.Length == 0)
            return HealthFinding.Fail(Scope, "backup", $"no etcd backup in {where}", $"look at the CronJob: kubectl -n {backup.Namespace} get cronjob,jobs");
        var stamp = newest["etcd-".Length..^".db".Length];
        if (!DateTimeOffset.TryParseExact(stamp, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var taken))
            return HealthFinding.Warn(Scope, "backup", $"cannot read the time of {newest}", "look at the backup folder");
        var age = now - taken;
        var value = $"newest {newest}, {Age(age)} old";
        return age > TimeSpan.FromHours(backup.AlertAfterHours)
            ? HealthFinding.Warn(Scope, "backup", value + $" (limit {backup.AlertAfterHours} h, EtcdBackup.AlertAfterHours)", $"look at the CronJob: kubectl -n {backup.Namespace} get cronjob,jobs; kubectl -n {backup.Namespace} logs job/<last>")
            : HealthFinding.Ok(Scope, "backup", value);
    }

    /// <summary>Flux's Kustomizations and HelmReleases: each must have condition Ready=True.</summary>
    public static IReadOnlyList<HealthFinding> Flux(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            return [HealthFinding.Warn(Scope, "flux", "Flux is not installed (no Kustomization CRD)", "bootstrap flux")];
        var rows = new List<HealthFinding>();
        int kustomizations = 0, releases = 0;
        foreach (var item in items.EnumerateArray())
        {
            var kind = item.GetProperty("kind").GetString() ?? "?";
            if (kind == "Kustomization") kustomizations++; else releases++;
            var meta = item.GetProperty("metadata");
            var id = $"{kind} {meta.GetProperty("namespace").GetString()}/{meta.GetProperty("name").GetString()}";
            var ready = item.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
                ? conditions.EnumerateArray().FirstOrDefault(c => c.GetProperty("type").GetString() == "Ready")
                : default;
            if (ready.ValueKind == JsonValueKind.Object && ready.GetProperty("status").GetString() == "True") continue;
            var message = ready.ValueKind == JsonValueKind.Object && ready.TryGetProperty("message", out var m) ? m.GetString() : "no Ready condition yet";
            rows.Add(HealthFinding.Fail(Scope, "flux", $"{id} not Ready: {message}", $"flux get all -A, or kubectl describe {kind.ToLowerInvariant()} -n {meta.GetProperty("namespace").GetString()} {meta.GetProperty("name").GetString()}"));
        }
        if (rows.Count == 0) rows.Add(HealthFinding.Ok(Scope, "flux", $"{kustomizations} Kustomizations and {releases} HelmReleases Ready"));
        return rows;
    }

    private static Dictionary<string, string> KeyValues(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m" : $"{Math.Max(0, (int)age.TotalMinutes)}m";
}
