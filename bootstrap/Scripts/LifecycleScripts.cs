namespace PiCluster.Bootstrap.Scripts;

/// <summary>The bootstrap/Scripts files of node lifecycle and disaster recovery (node add/replace/remove, rebuild-control-plane, backup pull); loaded through <see cref="NodeScripts.With"/> like every other.</summary>
public static class LifecycleScripts
{
    public const string BackupRead = "backup-read.sh";
    public const string BackupStage = "backup-stage.sh";
    public const string PkiRestore = "pki-restore.sh";
    public const string EtcdSnapshotRestore = "etcd-snapshot-restore.sh";
    public const string EtcdRestoreTool = "etcd-restore-tool.sh";
    public const string KubeletCa = "kubelet-ca.sh";
    public const string PodsForceDelete = "pods-force-delete.sh";
}
