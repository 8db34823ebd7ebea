using System.Globalization;
using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Status;

/// <summary>Judges one node's facts against the model and its thresholds; pure, so every rule is unit-tested.</summary>
public static class NodeHealth
{
    /// <summary>A kubelet log this large is worth a warning even while rotation is set up (a week at a chatty log level).</summary>
    public const long KubeletLogWarnBytes = 200L * 1024 * 1024;

    public static IReadOnlyList<HealthFinding> Evaluate(string node, NodeFacts facts, ClusterDefinition cluster, DateTimeOffset now)
    {
        var thresholds = cluster.Bootstrap.Thresholds;
        var list = new List<HealthFinding>
        {
            HealthFinding.Ok(node, "ssh", $"reachable, host key verified; up {Uptime(facts.Long("uptime_seconds"))}, boot {Short(facts["boot_id"])}"),
        };
        list.AddRange(Os(node, facts, cluster));
        list.Add(Kernel(node, facts));
        list.Add(facts["root_device"] == NodeFiles.SystemPartition
            ? HealthFinding.Ok(node, "root", $"/ is {NodeFiles.SystemPartition}")
            : HealthFinding.Fail(node, "root", $"/ is {Or(facts["root_device"], "unknown")}, not {NodeFiles.SystemPartition}", "the node runs diskless: bootstrap nodes --node " + node));
        list.Add(Disk(node, "disk /", facts.Number("disk_root"), thresholds.DiskUsedPercent, "free space on / (apk cache clean; crictl rmi --prune; old logs in /var/log)"));
        list.Add(Disk(node, "disk p1", facts.Number("disk_boot"), thresholds.DiskUsedPercent, $"free space on the boot partition {NodeFiles.BootMount} (old kernels and firmware); an apk upgrade of linux-rpi fails on a full p1"));
        list.Add(BootFirmware(node, facts));
        list.AddRange(Logs(node, facts));
        list.Add(Apk(node, facts, thresholds.ApkIndexDays));
        var stopped = new[] { "containerd", "kubelet" }.Where(s => facts["service_" + s] != "started").ToList();
        list.Add(stopped.Count == 0
            ? HealthFinding.Ok(node, "services", "containerd and kubelet started")
            : HealthFinding.Fail(node, "services", string.Join(", ", stopped) + " stopped", string.Join("; ", stopped.Select(s => $"rc-service {s} start on {node}"))));
        list.Add(Versions(node, facts, cluster));
        list.Add(KubeletCertificate(node, facts.KubeletCertificateExpiry(), now, thresholds.CertificateDays));
        return list;
    }

    /// <summary>The apk commit hook's marker (bootstrap/Scripts/boot-firmware-sync.sh): p1 did not follow the last kernel or firmware upgrade.</summary>
    private static HealthFinding BootFirmware(string node, NodeFacts facts) =>
        facts["boot_firmware_failed"] is { Length: > 0 } failure
            ? HealthFinding.Fail(node, "boot firmware", $"the last sync of p1 after an apk upgrade failed: {failure} (the next boot may load an old kernel or device tree)", $"free space on p1, then bootstrap nodes --node {node}")
            : HealthFinding.Ok(node, "boot firmware", $"no failed sync of p1 recorded ({NodeFiles.BootFirmwareSyncFailed})");

    /// <summary>Pending upgrades from the cached index, and how old that index is: status never runs apk update.</summary>
    private static HealthFinding Apk(string node, NodeFacts facts, int indexDays)
    {
        var upgradable = facts.Number("apk_upgradable") ?? 0;
        var age = facts.Long("apk_index_age_seconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var asOf = age is null ? "index age unknown" : $"index {Age(age.Value)} old";
        if (age > TimeSpan.FromDays(indexDays))
            return HealthFinding.Warn(node, "apk", $"{upgradable} pending as of an index {Age(age.Value)} old (limit {indexDays} days, Health.ApkIndexDays): newer packages are not known", $"apk update on {node} (status only reads the cache)");
        return upgradable == 0
            ? HealthFinding.Ok(node, "apk", $"no pending upgrades ({asOf})")
            : HealthFinding.Warn(node, "apk", $"{upgradable} package(s) can be upgraded ({asOf})", $"apk upgrade on {node}; Kubernetes packages: bootstrap upgrade");
    }

    private static string Age(TimeSpan age) => age.TotalDays >= 1 ? $"{(int)age.TotalDays} days" : $"{(int)age.TotalHours} h";

    private static IEnumerable<HealthFinding> Os(string node, NodeFacts facts, ClusterDefinition cluster)
    {
        var release = facts["alpine_release"];
        var running = AlpineBranch.OfRelease(release);
        var model = new AlpineRelease(cluster.Bootstrap.AlpineVersion).Branch;
        yield return running == model
            ? HealthFinding.Ok(node, "os", $"Alpine {release} ({model}, as the model)")
            : HealthFinding.Warn(node, "os", $"Alpine {Or(release, "unknown")}, the model says {cluster.Bootstrap.AlpineVersion} ({model})", "bootstrap upgrade (moves the nodes to the model's branch)");
        // A newer branch apk already uses (a @k8s line on the next branch), else the next branch on the node's mirror.
        var next = facts.Words("next_branch");
        var used = facts.Words("repository_branches").Where(b => b != "edge").OrderBy(b => b, AlpineBranch.Comparer).LastOrDefault();
        var newer = used is not null && AlpineBranch.Compare(used, model) > 0 ? used
            : next.Count >= 2 && next[1] == "available" && AlpineBranch.Compare(next[0], model) > 0 ? next[0]
            : null;
        if (newer is not null)
        {
            yield return HealthFinding.Warn(node, "alpine branch", $"Alpine {newer} is out and the model still says {model}",
                $"{model}'s community repository gets fixes (Kubernetes patches included) only until {newer}'s release; plan the move: Kubernetes to the minor {newer} carries, then BootstrapSettings.AlpineVersion {newer.TrimStart('v')}.x, each with bootstrap upgrade");
        }
        else if (next.Count >= 2)
        {
            yield return HealthFinding.Ok(node, "alpine branch", next[1] == "none"
                ? $"{model} is the newest branch on the mirror ({next[0]} not out yet)"
                : $"unknown: the mirror did not answer for {next[0]} ({string.Join(' ', next.Skip(2))}); offline nodes cannot tell");
        }
    }

    private static HealthFinding Kernel(string node, NodeFacts facts)
    {
        var running = facts["kernel_running"];
        var newest = facts["kernel_newest"];
        return newest.Length == 0 || running == newest
            ? HealthFinding.Ok(node, "kernel", $"runs {Or(running, "unknown")}, the newest installed")
            : HealthFinding.Warn(node, "kernel", $"runs {running}, {newest} installed", $"reboot {node} (drained: kubectl drain {node} --ignore-daemonsets --delete-emptydir-data; reboot; kubectl uncordon {node})");
    }

    private static HealthFinding Disk(string node, string check, int? used, int threshold, string fix) => used switch
    {
        null => HealthFinding.Warn(node, check, "cannot read df", "look at df -P on " + node),
        >= 98 => HealthFinding.Fail(node, check, $"{used}% used", fix),
        _ when used > threshold => HealthFinding.Warn(node, check, $"{used}% used (threshold {threshold}%)", fix),
        _ => HealthFinding.Ok(node, check, $"{used}% used"),
    };

    private static IEnumerable<HealthFinding> Logs(string node, NodeFacts facts)
    {
        var bytes = facts.Long("kubelet_log_bytes") ?? 0;
        var rotation = facts["log_rotation"];
        var size = Bytes(bytes);
        yield return bytes > KubeletLogWarnBytes
            ? HealthFinding.Warn(node, "kubelet log", $"/var/log/kubelet/kubelet.log is {size}", rotation == "none" ? "set up log rotation: bootstrap nodes --node " + node : "rotation runs daily; look at what the kubelet logs so much")
            : HealthFinding.Ok(node, "kubelet log", size);
        var crond = facts["service_crond"] == "started";
        yield return rotation switch
        {
            "logrotate" when crond => HealthFinding.Ok(node, "log rotation", "logrotate daily from crond (/etc/logrotate.d/kubelet)"),
            "logrotate" => HealthFinding.Warn(node, "log rotation", "crond is in the default runlevel but not running", $"rc-service crond start on {node}"),
            "logrotate-rename" => HealthFinding.Warn(node, "log rotation", "/etc/logrotate.d/kubelet rotates by rename (no copytruncate): the kubelet keeps writing to the renamed file", "bootstrap nodes --node " + node + " (writes the project's copytruncate rule)"),
            "log_proxy" => HealthFinding.Ok(node, "log rotation", "log_proxy (/etc/conf.d/kubelet)"),
            _ => HealthFinding.Warn(node, "log rotation", "none: the kubelet log grows until the SD card is full", "bootstrap nodes --node " + node + " (logrotate + crond)"),
        };
    }

    private static HealthFinding Versions(string node, NodeFacts facts, ClusterDefinition cluster)
    {
        var kubelet = facts["kubelet_version"];
        var kubeadm = facts["kubeadm_version"];
        var value = $"kubelet {Or(kubelet, "missing")}, kubeadm {Or(kubeadm, "missing")}";
        if (!KubernetesVersion.TryParse(kubelet, out var k) || !KubernetesVersion.TryParse(kubeadm, out var a))
            return HealthFinding.Fail(node, "versions", value, "bootstrap nodes --node " + node + " (installs the Kubernetes packages)");
        var model = KubernetesVersion.TryParse(cluster.Kubernetes.Version, out var m) ? m : k;
        if (!k.SameMinor(model) || !a.SameMinor(model))
            return HealthFinding.Warn(node, "versions", value + $"; the model says {model.MinorText}", "bootstrap upgrade");
        return k != a
            ? HealthFinding.Warn(node, "versions", value + " (installed patches differ)", "bootstrap upgrade")
            : HealthFinding.Ok(node, "versions", value);
    }

    public static HealthFinding KubeletCertificate(string node, DateTimeOffset? expiry, DateTimeOffset now, int thresholdDays)
    {
        if (expiry is null)
            return HealthFinding.Warn(node, "kubelet cert", "no client certificate at /var/lib/kubelet/pki/kubelet-client-current.pem", "join the node (bootstrap cluster)");
        var days = (int)Math.Floor((expiry.Value - now).TotalDays);
        var when = expiry.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (days < 0)
            return HealthFinding.Fail(node, "kubelet cert", $"expired on {when}", $"the kubelet cannot reach the API: rejoin {node} (bootstrap reset --node {node}, then bootstrap cluster)");
        return days < thresholdDays
            ? HealthFinding.Warn(node, "kubelet cert", $"expires in {days} days ({when}); the kubelet should have rotated it", $"rotateCertificates is on: look for pending CSRs (kubectl get csr) and at {node}'s kubelet log")
            : HealthFinding.Ok(node, "kubelet cert", $"{days} days left ({when}), rotated by the kubelet itself (rotateCertificates)");
    }

    private static string Uptime(long? seconds)
    {
        if (seconds is null) return "?";
        var t = TimeSpan.FromSeconds(seconds.Value);
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d {t.Hours}h" : $"{t.Hours}h {t.Minutes}m";
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => $"{bytes} B",
    };

    private static string Short(string id) => id.Length > 8 ? id[..8] : Or(id, "?");

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
