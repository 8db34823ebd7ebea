namespace PiCluster.Bootstrap.Scripts;

/// <summary>The bootstrap/Scripts files of node lifecycle and disaster recovery (node add/replace/remove, rebuild-control-plane, backup pull); sent like every other through <see cref="NodeScripts.Check"/>, <see cref="NodeScripts.Apply"/> or <see cref="NodeScripts.Step"/>.</summary>
public static class LifecycleScripts
{
    public const string BackupRead = "backup-read.sh";
    public const string BackupStage = "backup-stage.sh";
    public const string PkiRestore = "pki-restore.sh";
    public const string EtcdSnapshotRestore = "etcd-snapshot-restore.sh";
    public const string EtcdRestoreTool = "etcd-restore-tool.sh";
    public const string KubeletCa = "kubelet-ca.sh";
    public const string PodsForceDelete = "pods-force-delete.sh";
    public const string ReplacementGate = "replacement-gate.sh";
}
