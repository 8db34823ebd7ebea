namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 11: the etcd image follows kubeadm (kubernetes/kubernetes cmd/kubeadm/app/constants/constants.go
/// SupportedEtcdVersion; 1.34–1.36 → 3.6.9-0 since kubernetes PR #137956, quoted in etcd-io/etcd
/// Documentation/contributor-guide/bump_etcd_version_k8s.md), the PKI is saved next to the snapshot, and a stale or
/// failed backup raises an alert from kube-state-metrics' CronJob/Job metrics.
/// </summary>
public class EtcdBackupSafetyTests
{
    private static YamlDotNet.RepresentationModel.YamlMappingNode Pod => RenderedObjects.Object("CronJob", "etcd-backup").PodSpec();

    [Fact]
    public void The_etcd_image_is_the_one_kubeadm_runs_for_the_models_kubernetes_version()
    {
        Assert.Equal("v1.36.1", PiCluster.Cluster.HomeCluster.Definition.Kubernetes.Version);
        Assert.All(new[] { "snapshot", "verify" }, name =>
            Assert.StartsWith("registry.k8s.io/etcd:3.6.9-0", Pod.Container(name).Str("image")));
    }

    [Fact]
    public void The_whole_kubernetes_pki_is_mounted_read_only_into_the_copy_step()
    {
        var copy = Pod.Container("copy-and-prune");
        Assert.Equal("/pki", copy.Env("PKI_DIR"));
        var mount = Assert.Single(copy.Maps("volumeMounts"), m => m.Str("mountPath") == "/pki");
        Assert.Equal("true", mount.Str("readOnly"));
        var volume = Assert.Single(Pod.Maps("volumes"), v => v.Str("name") == mount.Str("name"));
        Assert.Equal("/etc/kubernetes/pki", volume.Str("hostPath", "path"));
    }

    [Fact]
    public void A_stale_or_failed_backup_raises_a_prometheus_alert()
    {
        var rules = RenderedObjects.Object("HelmRelease", "kube-prometheus-stack").Get("spec", "values", "additionalPrometheusRulesMap", "etcd-backup");
        var alerts = rules.Maps("groups").SelectMany(g => g.Maps("rules")).ToList();
        var stale = Assert.Single(alerts, a => a.Str("alert") == "EtcdBackupTooOld");
        Assert.Contains("kube_cronjob_status_last_successful_time{namespace=\"kube-system\",cronjob=\"etcd-backup\"}", stale.Str("expr"));
        Assert.Contains("> 93600", stale.Str("expr"));
        var failed = Assert.Single(alerts, a => a.Str("alert") == "EtcdBackupJobFailed");
        Assert.Contains("kube_job_status_failed{namespace=\"kube-system\",job_name=~\"etcd-backup-.*\"}", failed.Str("expr"));
        Assert.Contains(alerts, a => a.Str("alert") == "EtcdBackupNeverSucceeded" && a.Str("expr")!.StartsWith("absent(", StringComparison.Ordinal));
    }
}
