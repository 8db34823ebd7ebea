namespace PiCluster.Bootstrap.Backup;

/// <summary>
/// `restore-etcd --from FILE.age`: the snapshot of an encrypted copy as a file the restore can upload, in a folder only
/// this user can read, deleted when the process ends (it holds every Secret of the cluster in plain text).
/// </summary>
public static class DecryptedSnapshot
{
    public static string Write(string copy, string identity)
    {
        var contents = EncryptedBackup.Open(copy, identity, CancellationToken.None);
        var folder = Directory.CreateTempSubdirectory("picluster-restore-");
        if (!OperatingSystem.IsWindows()) folder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var path = Path.Combine(folder.FullName, contents.Stamp.Snapshot);
        File.WriteAllBytes(path, contents.Snapshot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder.FullName, recursive: true);
            }
            catch (IOException)
            {
                // Already gone or still open; the OS cleans its temp folder.
            }
        };
        return path;
    }
}
