using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Backup;

/// <summary>
/// Where the nightly etcd backups are, read from the model (<see cref="EtcdBackup.Target"/> and <see cref="NfsServer.Exports"/>),
/// never from a literal: the backups may sit in a folder of a shared export or on an export of their own.
/// </summary>
/// <param name="MountOptions">`mount -o` for a read: the model's NFS version, read-only, soft with a short timeout and
/// retry=0 so an absent NAS fails in seconds (mount.nfs otherwise retries a foreground mount for two minutes).</param>
public sealed record BackupLocation(string Server, string ExportName, string ExportPath, string SubPath, string MountOptions)
{
    public static BackupLocation Of(ClusterDefinition cluster)
    {
        var target = cluster.Services.EtcdBackup.Target;
        var export = cluster.Nfs.Exports.FirstOrDefault(e => e.Name == target.Export)
            ?? throw new BootstrapException($"Services.EtcdBackup.Target names NFS export '{target.Export}', which Nfs.Exports does not define.");
        var version = cluster.Services.Storage.MountOptions.FirstOrDefault(o => o.StartsWith("nfsvers=", StringComparison.Ordinal)) ?? "nfsvers=4.1";
        return new BackupLocation(cluster.Nfs.Address, export.Name, export.Path, target.SubPath.Trim('/'), $"ro,{version},soft,timeo=100,retrans=2,retry=0");
    }

    /// <summary>server:/path/sub, for messages.</summary>
    public override string ToString() => $"{Server}:{ExportPath}{(SubPath.Length == 0 ? "" : "/" + SubPath)} (export {ExportName})";

    /// <summary>The parameters every backup script takes to find the backups.</summary>
    public IEnumerable<(string Name, object Value)> Parameters =>
    [
        ("SERVER", Server), ("EXPORT_NAME", ExportName), ("EXPORT_PATH", ExportPath), ("SUB_PATH", SubPath), ("OPTIONS", MountOptions),
    ];
}
