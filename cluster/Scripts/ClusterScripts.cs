using System.Text;

namespace PiCluster.Cluster.Scripts;

/// <summary>The shell scripts in cluster/Scripts, embedded at build time so render reads them without touching the disk.</summary>
public static class ClusterScripts
{
    public const string EtcdBackup = "etcd-backup.sh";
    public const string AdGuardSeed = "adguard-seed.sh";
    public const string RtorrentScgiOnly = "rtorrent-scgi-only.sh";

    /// <summary>The script's text with LF line endings.</summary>
    public static string Read(string fileName)
    {
        using var stream = typeof(ClusterScripts).Assembly.GetManifestResourceStream("PiCluster.Scripts." + fileName)
            ?? throw new InvalidOperationException($"cluster/Scripts/{fileName} is not embedded in {typeof(ClusterScripts).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
