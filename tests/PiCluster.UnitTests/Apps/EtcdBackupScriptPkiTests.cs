using PiCluster.Cluster.Model;
using PiCluster.Cluster.Scripts;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 11: cluster/Scripts/etcd-backup.sh run for real (sh, tar, sha256sum) archives the PKI under the
/// snapshot's stamp, refuses a PKI without the CA key, and prunes snapshot and archive together. The snapshot is a
/// stand-in file: the real-etcd round trip is EtcdBackupTests' job.
/// </summary>
public class EtcdBackupScriptPkiTests
{
    private static string ScriptPath => Path.Combine(TestPaths.RepoRoot, "cluster", "Scripts", ClusterScripts.EtcdBackup);

    private static (int Code, string Output) Run(TempDir temp, string retention, string? pki) =>
        Shell.Run("sh", [ScriptPath], new Dictionary<string, string>
        {
            ["SNAPSHOT"] = Path.Combine(temp.Path, "snapshot.db"),
            ["BACKUP_DIR"] = Path.Combine(temp.Path, "backup"),
            ["RETENTION"] = retention,
            ["PKI_DIR"] = pki ?? "",
        });

    private static string MakePki(TempDir temp)
    {
        var pki = Directory.CreateDirectory(Path.Combine(temp.Path, "pki", "etcd")).Parent!.FullName;
        File.WriteAllText(Path.Combine(pki, "ca.key"), "cluster CA key\n");
        File.WriteAllText(Path.Combine(pki, "sa.key"), "service account key\n");
        File.WriteAllText(Path.Combine(pki, "etcd", "ca.key"), "etcd CA key\n");
        return pki;
    }

    [Fact]
    public void The_pki_is_archived_next_to_each_snapshot_and_pruned_with_it()
    {
        using var temp = new TempDir();
        File.WriteAllText(Path.Combine(temp.Path, "snapshot.db"), "snapshot bytes");
        var pki = MakePki(temp);
        for (var run = 0; run < 3; run++)
        {
            var (code, output) = Run(temp, "2", pki);
            Assert.True(code == 0, output);
            Thread.Sleep(1100); // the stamp has one-second resolution
        }
        var backup = Path.Combine(temp.Path, "backup");
        var snapshots = Directory.GetFiles(backup, "etcd-*Z.db").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var archives = Directory.GetFiles(backup, "etcd-*Z.pki.tar.gz").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, snapshots.Count);
        Assert.Equal(snapshots.Select(s => s![..^3] + ".pki.tar.gz"), archives);
        var listing = Shell.Run("tar", ["-tzf", Path.Combine(backup, archives[^1]!)]);
        Assert.Contains("./ca.key", listing.Output);
        Assert.Contains("./etcd/ca.key", listing.Output);
        Assert.Equal(0, Shell.Run("sh", ["-c", "cd \"$0\" && sha256sum -c -- *.sha256", backup]).Code);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(backup, archives[^1]!)));
    }

    [Fact]
    public void A_pki_folder_without_the_ca_key_fails_and_writes_nothing()
    {
        using var temp = new TempDir();
        File.WriteAllText(Path.Combine(temp.Path, "snapshot.db"), "snapshot bytes");
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "empty")).FullName;
        var (code, output) = Run(temp, "2", empty);
        Assert.Equal(1, code);
        Assert.Contains("no ca.key", output);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "backup")) && Directory.EnumerateFiles(Path.Combine(temp.Path, "backup")).Any());
    }

    [Theory]
    [InlineData("v1.36.1", "3.6.9-0")]
    [InlineData("v1.34.0", "3.6.9-0")]
    [InlineData("v1.37.2", "3.7.0-0")]
    public void The_etcd_tag_follows_kubeadm_for_the_kubernetes_minor(string kubernetes, string tag)
    {
        Assert.Equal(tag, KubeadmEtcd.ImageFor("registry.k8s.io/etcd", kubernetes).Tag);
        Assert.Null(KubeadmEtcd.Lookup(kubernetes).Warning);
    }

    [Fact]
    public void A_minor_outside_the_table_gets_the_nearest_entry_with_a_warning_as_kubeadm_does()
    {
        var (newer, warning) = KubeadmEtcd.Lookup("v1.40.0");
        Assert.Equal("3.7.0-0", newer);
        Assert.Contains("no etcd version known for Kubernetes 1.40 (known: 1.34, 1.35, 1.36, 1.37)", warning);
        Assert.Contains("using 1.37's 3.7.0-0, the nearest", warning);
        Assert.Equal("3.6.9-0", KubeadmEtcd.Lookup("v1.30.2").Tag);
        var error = Assert.Throws<ClusterInputException>(() => KubeadmEtcd.ImageFor("registry.k8s.io/etcd", "latest"));
        Assert.Contains("Kubernetes.Version: \"latest\"", error.Message);
    }
}
