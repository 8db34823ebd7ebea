using System.Security.Cryptography.X509Certificates;
using PiCluster.Bootstrap.Backup;
using PiCluster.Bootstrap.Run;
using PiCluster.Cluster.Scripts;

namespace PiCluster.IntegrationTests.Lifecycle;

/// <summary>
/// A cluster as it stands the night before a disaster: loopback test nodes brought up by the real nodes and kubeadm
/// phases (FAKE kubeadm making real openssl keys), a real etcd 3.4 on pi0's data directory holding keys, and two nightly
/// backups written by the CronJob's own cluster/Scripts/etcd-backup.sh into the FAKE NAS folder the model names.
/// </summary>
internal sealed class ClusterWithBackups : IAsyncDisposable
{
    public const string OlderStamp = "20261126T030000Z";
    public const string NewerStamp = "20261127T030000Z";

    private ClusterWithBackups(TestCluster cluster)
    {
        Cluster = cluster;
        Location = BackupLocation.Of(cluster.Definition);
    }

    public TestCluster Cluster { get; }

    public BackupLocation Location { get; }

    /// <summary>The backup folder on the FAKE NFS server (what pi0 sees when it mounts the export).</summary>
    public string NasFolder => Path.Combine(Cluster.Fixture.ClusterState, "nfs", "root" + Location.ExportPath, Location.SubPath);

    /// <summary>Keys in both backups.</summary>
    public Dictionary<string, string> Keys { get; } = Enumerable.Range(0, 30).ToDictionary(i => $"/registry/secrets/default/key-{i:D2}", i => $"value {i} {new string('x', i * 40)}");

    public TestNode ControlPlane => Cluster[Cluster.Definition.ControlPlane.Name];

    public string Pki(string file) => ControlPlane.RootPath("etc/kubernetes/pki/" + file);

    public static async Task<ClusterWithBackups> StartAsync(int nodes = 3)
    {
        Tools.Require("etcd", "etcdctl", "openssl");
        var result = new ClusterWithBackups(await TestCluster.StartAsync(nodes));
        try
        {
            var up = await result.Cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm]);
            Assert.True(up.Succeeded, string.Join("\n", up.Failures));
            result.WriteBackups();
            return result;
        }
        catch
        {
            await result.DisposeAsync();
            throw;
        }
    }

    private void WriteBackups()
    {
        Directory.CreateDirectory(NasFolder);
        var dataDir = ControlPlane.RootPath("var/lib/etcd");
        var scratch = Directory.CreateDirectory(Path.Combine(Cluster.Fixture.Base, "scratch")).FullName;
        using var etcd = EtcdProcess.Start(dataDir, Cluster.Definition.ControlPlane.Name);
        foreach (var (key, value) in Keys) etcd.Ctl("put", key, value);
        Backup(etcd, scratch, OlderStamp);
        etcd.Ctl("put", "/registry/only-in-newer", "newer");
        Backup(etcd, scratch, NewerStamp);
        etcd.Ctl("put", "/registry/after-last-backup", "lost with the card");
    }

    /// <summary>`etcdctl snapshot save` as the CronJob's first container, then its script as the last one.</summary>
    private void Backup(EtcdProcess etcd, string scratch, string stamp)
    {
        var snapshot = Path.Combine(scratch, "snapshot.db");
        File.Delete(snapshot);
        etcd.Ctl("snapshot", "save", snapshot);
        var (code, output) = Shell.Run("sh", [Path.Combine(TestPaths.RepoRoot, "cluster", "Scripts", ClusterScripts.EtcdBackup)], new Dictionary<string, string>
        {
            ["SNAPSHOT"] = snapshot, ["BACKUP_DIR"] = NasFolder, ["RETENTION"] = "14", ["PKI_DIR"] = Pki(""), ["STAMP"] = stamp,
        });
        Assert.True(code == 0, "etcd-backup.sh: " + output);
    }

    /// <summary>pi0's card dies: its root is a freshly carded one again and the API server is gone (the cluster's data lives on in the backups).</summary>
    public void LoseControlPlaneCard()
    {
        // Everything goes but the fake/ folder itself, which the fixture watches for the fake reboot's markers.
        foreach (var entry in new DirectoryInfo(ControlPlane.Root).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo { Name: "fake" } fake)
            {
                foreach (var inner in fake.EnumerateFileSystemInfos()) Delete(inner);
            }
            else
            {
                Delete(entry);
            }
        }
        FakeBinaries.Install(ControlPlane);
        File.Delete(Path.Combine(Cluster.Fixture.ClusterState, "initialized"));
    }

    private static void Delete(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo directory && entry.LinkTarget is null) directory.Delete(recursive: true);
        else entry.Delete();
    }

    /// <summary>The SHA-256 fingerprint of pi0's cluster CA certificate.</summary>
    public string CaFingerprint() => X509Certificate2.CreateFromPem(File.ReadAllText(Pki("ca.crt"))).GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
