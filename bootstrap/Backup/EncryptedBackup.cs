namespace PiCluster.Bootstrap.Backup;

/// <summary>
/// Opens a `backup pull` copy (etcd-&lt;stamp&gt;.tar.age) with the operator's age identity: decrypted in memory, the tar read
/// and every file checked against its sha256 file. Anything wrong is bad input (exit 2) before a node is touched.
/// </summary>
public static class EncryptedBackup
{
    public static BackupContents Open(string file, string identity, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw new BootstrapException($"--from {file}: no such file.");
        if (!File.Exists(Path.GetFullPath(identity))) throw new BootstrapException($"--identity {identity}: no such file.");
        var plaintext = AgeTool.DecryptAsync(Path.GetFullPath(identity), path, cancellationToken).GetAwaiter().GetResult();
        var contents = BackupContents.FromTar(plaintext, $"--from {file}");
        if (BackupStamp.FromCopyName(Path.GetFileName(path)) is { } named && named != contents.Stamp)
            throw new BootstrapException($"--from {file}: the name says backup {named}, but the copy holds backup {contents.Stamp}; rename it or check which file you meant.");
        return contents;
    }
}
