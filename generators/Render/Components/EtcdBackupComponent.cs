using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Scripts;

namespace PiCluster.Render.Components;

/// <summary>
/// Daily etcd snapshot on the control-plane node. The etcd image has no shell, so its two steps are plain commands
/// with explicit arguments (initContainers: etcdctl snapshot save, etcdutl snapshot status); only then a small shell
/// image runs cluster/Scripts/etcd-backup.sh, which copies the snapshot and a tarball of /etc/kubernetes/pki (a
/// restore without the CA and service-account keys is useless) to NFS under one timestamp, and prunes. The etcd image
/// is the one kubeadm runs for the model's Kubernetes version (<see cref="KubeadmEtcd"/>); a stale or failed backup
/// raises an alert (<see cref="AlertRules"/>, applied through kube-prometheus-stack).
/// </summary>
public static class EtcdBackupComponent
{
    public const string Name = "etcd-backup";
    public const string ScriptConfigMap = "etcd-backup-script";
    public const string Endpoint = "https://127.0.0.1:2379";
    /// <summary>kubeadm's PKI on the control-plane node: CA, service-account and front-proxy keys, and etcd's own CA under etcd/.</summary>
    public const string HostPkiDir = "/etc/kubernetes/pki";
    public const string PkiDir = HostPkiDir + "/etcd";
    /// <summary>Where the copy step sees the whole PKI (read-only) to archive it next to the snapshot.</summary>
    public const string PkiBackupSource = "/pki";
    public const string ScratchDir = "/scratch";
    public const string Snapshot = ScratchDir + "/snapshot.db";
    public const string BackupDir = "/backup";
    public const string ControlPlaneLabel = "node-role.kubernetes.io/control-plane";

    public static IEnumerable<ManifestFile> Build(EtcdBackup backup, RenderContext context)
    {
        yield return new ManifestFile($"{RenderedLayout.Apps}/etcd-backup/etcd-backup.yaml", "ClusterServices.EtcdBackup", [
            NfsStorageComponent.Claim(context, backup.Namespace, backup.Target.Export),
            new V1ConfigMap
            {
                ApiVersion = ApiOf<V1ConfigMap>.Version, Kind = ApiOf<V1ConfigMap>.Kind, Metadata = Meta.Of(ScriptConfigMap, backup.Namespace),
                Data = new Dictionary<string, string> { [ClusterScripts.EtcdBackup] = ClusterScripts.Read(ClusterScripts.EtcdBackup) },
            },
            CronJob(context, backup),
        ]);
    }

    /// <summary>etcdctl's arguments for the snapshot; the kubeadm healthcheck client cert is enough to read.</summary>
    public static IReadOnlyList<string> SnapshotArgs() =>
    [
        $"--endpoints={Endpoint}",
        $"--cacert={PkiDir}/ca.crt",
        $"--cert={PkiDir}/healthcheck-client.crt",
        $"--key={PkiDir}/healthcheck-client.key",
        "snapshot", "save", Snapshot,
    ];

    /// <summary>etcdutl's arguments to check the snapshot (etcdctl snapshot status is gone in 3.6); fails on a corrupt file.</summary>
    public static IReadOnlyList<string> VerifyArgs() => ["snapshot", "status", Snapshot, "--write-out=table"];

    /// <summary>The etcd image kubeadm deploys for the model's Kubernetes version, digest-pinned where known.</summary>
    public static Image EtcdImage(EtcdBackup backup, KubernetesSettings kubernetes) =>
        KubeadmEtcd.ImageFor(backup.EtcdRepository, kubernetes.Version);

    /// <summary>
    /// Alerts from kube-state-metrics' CronJob/Job series: no success for AlertAfterHours, a failed Job still kept
    /// (failedJobsHistoryLimit), or no success ever recorded. Without Alertmanager they show in Prometheus and Grafana.
    /// </summary>
    public static PrometheusRuleSet AlertRules(EtcdBackup backup)
    {
        var selector = $"{{namespace=\"{backup.Namespace}\",cronjob=\"{Name}\"}}";
        var lastSuccess = $"kube_cronjob_status_last_successful_time{selector}";
        var jobs = $"namespace=\"{backup.Namespace}\",job_name=~\"{Name}-.*\"";
        var seconds = (backup.AlertAfterHours * 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var labels = new Dictionary<string, string> { ["severity"] = "warning" };
        return new([new PrometheusRuleGroup(Name, [
            new PrometheusAlertRule("EtcdBackupTooOld", $"time() - max({lastSuccess}) > {seconds}", "10m", labels,
                new Dictionary<string, string> { ["summary"] = $"The newest etcd backup is older than {backup.AlertAfterHours} h", ["description"] = $"CronJob {backup.Namespace}/{Name} has not completed since {{{{ $value | humanizeDuration }}}}; check its Jobs and the NFS export." }),
            // Failed pods of a Job, or the Job's Failed condition (with restartPolicy OnFailure the pod count can stay 0) —
            // unless the Job started before the newest success: kept failed Jobs (failedJobsHistoryLimit) must not fire for ever.
            new PrometheusAlertRule("EtcdBackupJobFailed",
                $"max((kube_job_status_failed{{{jobs}}} > 0 or kube_job_failed{{{jobs},condition=\"true\"}} > 0) " +
                $"unless on(namespace, job_name) (kube_job_status_start_time{{{jobs}}} < on(namespace) group_left() max by (namespace) ({lastSuccess}))) > 0",
                "0m", labels,
                new Dictionary<string, string> { ["summary"] = "An etcd backup Job failed", ["description"] = $"`kubectl -n {backup.Namespace} logs job/<failed job>`; the alert clears after the next successful backup (or when the failed Job is deleted)." }),
            new PrometheusAlertRule("EtcdBackupNeverSucceeded", $"absent({lastSuccess})", $"{backup.AlertAfterHours}h", labels,
                new Dictionary<string, string> { ["summary"] = $"No etcd backup has completed for {backup.AlertAfterHours} h since monitoring started" }),
        ])]);
    }

    public static V1CronJob CronJob(RenderContext context, EtcdBackup backup)
    {
        var scratch = new V1VolumeMount { Name = "scratch", MountPath = ScratchDir };
        // One read-only hostPath for the whole PKI: etcdctl reads its client certificate from etcd/, the copy step archives all of it.
        var pki = new V1VolumeMount { Name = "kubernetes-pki", MountPath = HostPkiDir, ReadOnlyProperty = true };
        var pkiBackup = new V1VolumeMount { Name = "kubernetes-pki", MountPath = PkiBackupSource, ReadOnlyProperty = true };
        var etcdImage = EtcdImage(backup, context.Kubernetes).ToString();
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name };
        return new V1CronJob
        {
            ApiVersion = ApiOf<V1CronJob>.Version, Kind = ApiOf<V1CronJob>.Kind, Metadata = Meta.Of(Name, backup.Namespace, labels),
            Spec = new V1CronJobSpec
            {
                Schedule = backup.Schedule,
                TimeZone = backup.TimeZone,
                ConcurrencyPolicy = "Forbid",
                StartingDeadlineSeconds = 3600,
                SuccessfulJobsHistoryLimit = 3,
                FailedJobsHistoryLimit = 3,
                JobTemplate = new V1JobTemplateSpec
                {
                    Spec = new V1JobSpec
                    {
                        BackoffLimit = 2,
                        ActiveDeadlineSeconds = 600,
                        Template = new V1PodTemplateSpec
                        {
                            Metadata = new V1ObjectMeta { Labels = labels },
                            Spec = new V1PodSpec
                            {
                                RestartPolicy = "OnFailure",
                                // etcd listens on 127.0.0.1 of the control-plane node only.
                                HostNetwork = true,
                                DnsPolicy = "ClusterFirstWithHostNet",
                                NodeSelector = new Dictionary<string, string> { [ControlPlaneLabel] = "" },
                                Tolerations = [new V1Toleration { Key = ControlPlaneLabel, OperatorProperty = "Exists", Effect = "NoSchedule" }],
                                // The etcd client keys are root-only (0600).
                                SecurityContext = new V1PodSecurityContext { RunAsUser = 0, RunAsGroup = 0 },
                                InitContainers =
                                [
                                    new V1Container
                                    {
                                        Name = "snapshot", Image = etcdImage,
                                        Command = ["etcdctl"], Args = [.. SnapshotArgs()],
                                        VolumeMounts = [pki, scratch],
                                    },
                                    new V1Container
                                    {
                                        Name = "verify", Image = etcdImage,
                                        Command = ["etcdutl"], Args = [.. VerifyArgs()],
                                        VolumeMounts = [scratch],
                                    },
                                ],
                                Containers =
                                [
                                    new V1Container
                                    {
                                        Name = "copy-and-prune", Image = backup.ShellImage.ToString(),
                                        Command = ["/bin/sh", "/scripts/" + ClusterScripts.EtcdBackup],
                                        Env =
                                        [
                                            new V1EnvVar { Name = "SNAPSHOT", Value = Snapshot },
                                            new V1EnvVar { Name = "BACKUP_DIR", Value = BackupDir },
                                            new V1EnvVar { Name = "PKI_DIR", Value = PkiBackupSource },
                                            new V1EnvVar { Name = "RETENTION", Value = backup.Retention.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                                        ],
                                        VolumeMounts =
                                        [
                                            scratch,
                                            pkiBackup,
                                            new V1VolumeMount { Name = "scripts", MountPath = "/scripts", ReadOnlyProperty = true },
                                            NfsStorageComponent.Mount(context, backup.Target, BackupDir),
                                        ],
                                    },
                                ],
                                Volumes =
                                [
                                    new V1Volume { Name = "kubernetes-pki", HostPath = new V1HostPathVolumeSource { Path = HostPkiDir, Type = "Directory" } },
                                    new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() },
                                    new V1Volume { Name = "scripts", ConfigMap = new V1ConfigMapVolumeSource { Name = ScriptConfigMap } },
                                    NfsStorageComponent.PodVolume(context, backup.Target.Export),
                                ],
                            },
                        },
                    },
                },
            },
        };
    }
}
