using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Scripts;

namespace PiCluster.Render.Components;

/// <summary>
/// Daily etcd snapshot on the control-plane node. The etcd image has no shell, so its two steps are plain commands
/// with explicit arguments (initContainers: etcdctl snapshot save, etcdutl snapshot status); only then a small shell
/// image runs cluster/Scripts/etcd-backup.sh, which copies the snapshot to NFS under a timestamped name and prunes.
/// </summary>
public static class EtcdBackupComponent
{
    public const string Name = "etcd-backup";
    public const string ScriptConfigMap = "etcd-backup-script";
    public const string Endpoint = "https://127.0.0.1:2379";
    public const string PkiDir = "/etc/kubernetes/pki/etcd";
    public const string ScratchDir = "/scratch";
    public const string Snapshot = ScratchDir + "/snapshot.db";
    public const string BackupDir = "/backup";
    public const string ControlPlaneLabel = "node-role.kubernetes.io/control-plane";

    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster)
    {
        var backup = cluster.Services.EtcdBackup;
        yield return new ManifestFile($"{RenderedLayout.Apps}/etcd-backup/etcd-backup.yaml", "ClusterServices.EtcdBackup", [
            NfsStorageComponent.Claim(cluster, backup.Namespace, backup.Target.Export),
            new V1ConfigMap
            {
                ApiVersion = "v1", Kind = "ConfigMap", Metadata = Meta.Of(ScriptConfigMap, backup.Namespace),
                Data = new Dictionary<string, string> { [ClusterScripts.EtcdBackup] = ClusterScripts.Read(ClusterScripts.EtcdBackup) },
            },
            CronJob(cluster, backup),
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

    public static V1CronJob CronJob(ClusterDefinition cluster, EtcdBackup backup)
    {
        var scratch = new V1VolumeMount { Name = "scratch", MountPath = ScratchDir };
        var pki = new V1VolumeMount { Name = "etcd-pki", MountPath = PkiDir, ReadOnlyProperty = true };
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name };
        return new V1CronJob
        {
            ApiVersion = "batch/v1", Kind = "CronJob", Metadata = Meta.Of(Name, backup.Namespace, labels),
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
                                        Name = "snapshot", Image = backup.EtcdImage.ToString(),
                                        Command = ["etcdctl"], Args = [.. SnapshotArgs()],
                                        VolumeMounts = [pki, scratch],
                                    },
                                    new V1Container
                                    {
                                        Name = "verify", Image = backup.EtcdImage.ToString(),
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
                                            new V1EnvVar { Name = "RETENTION", Value = backup.Retention.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                                        ],
                                        VolumeMounts =
                                        [
                                            scratch,
                                            new V1VolumeMount { Name = "scripts", MountPath = "/scripts", ReadOnlyProperty = true },
                                            NfsStorageComponent.Mount(cluster, backup.Target, BackupDir),
                                        ],
                                    },
                                ],
                                Volumes =
                                [
                                    new V1Volume { Name = "etcd-pki", HostPath = new V1HostPathVolumeSource { Path = PkiDir, Type = "Directory" } },
                                    new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() },
                                    new V1Volume { Name = "scripts", ConfigMap = new V1ConfigMapVolumeSource { Name = ScriptConfigMap } },
                                    NfsStorageComponent.PodVolume(cluster, backup.Target.Export),
                                ],
                            },
                        },
                    },
                },
            },
        };
    }
}
