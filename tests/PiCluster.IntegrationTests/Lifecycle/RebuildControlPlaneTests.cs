using PiCluster.Bootstrap.Backup;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Lifecycle;
using PiCluster.Bootstrap.Rebuild;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Lifecycle;

/// <summary>
/// rebuild-control-plane after pi0's card is lost: loopback sshd nodes (FAKE kubeadm/kubectl/apk with real openssl keys),
/// a real etcd 3.4 and the CronJob's own backup script; the restore runs Debian's etcdctl on the "node".
/// </summary>
public sealed class RebuildControlPlaneTests
{
    private static readonly EtcdRestoreTool Etcdctl = EtcdRestoreTool.Named(EtcdProcess.Etcdctl);

    private static IBootstrapPhase[] Rebuild(RebuildSource source) =>
        [new PhaseOnNode(BootstrapPhases.Nodes, i => i.ControlPlane), new RebuildControlPlanePhase(source, Etcdctl)];

    [Fact]
    public async Task A_recarded_control_plane_comes_back_with_the_old_CA_and_the_newest_backups_keys_and_the_workers_are_accepted()
    {
        await using var before = await ClusterWithBackups.StartAsync();
        var cluster = before.Cluster;
        var fingerprint = before.CaFingerprint();
        string[] kept = ["ca.key", "sa.key", "sa.pub", "front-proxy-ca.crt", "front-proxy-ca.key", "etcd/ca.crt", "etcd/ca.key"];
        var keys = kept.ToDictionary(f => f, f => File.ReadAllBytes(before.Pki(f)));
        var pi1KubeletConf = File.ReadAllText(cluster["pi1"].RootPath("etc/kubernetes/kubelet.conf"));
        var pi1ClientCert = File.ReadAllText(cluster["pi1"].RootPath("var/lib/kubelet/pki/kubelet-client-current.pem"));

        before.LoseControlPlaneCard();
        Assert.False(File.Exists(before.Pki("ca.crt")));
        var pi1Calls = File.ReadAllText(cluster["pi1"].RootPath("fake/changes.log"));

        var observer = new RecordingObserver();
        var report = await cluster.RunAsync(Rebuild(new RebuildSource.OnExport(null)), observer: observer);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        // The CA, the service-account keys, the front-proxy and etcd CAs are the backup's: nothing signed before is invalid.
        Assert.Equal(fingerprint, before.CaFingerprint());
        Assert.All(kept, f => Assert.Equal(keys[f], File.ReadAllBytes(before.Pki(f))));
        // kubeadm init ran once, with only the data directory's preflight check ignored, and reported the CA it reused.
        var init = Assert.Single(File.ReadAllLines(before.ControlPlane.RootPath("fake/calls.log")), l => l.StartsWith("kubeadm init", StringComparison.Ordinal));
        Assert.EndsWith("--ignore-preflight-errors=DirAvailable--var-lib-etcd", init);
        Assert.Equal(ClusterWithBackups.NewerStamp, File.ReadAllText(before.ControlPlane.RootPath("var/lib/etcd-restore/rebuild/stamp")).Trim());

        // The worker kept its kubelet.conf and client certificate (signed by the old CA); the FAKE API server checks that
        // certificate against the rebuilt control plane's CA before reporting it Ready, and nodes-ready waited for that.
        Assert.Equal(pi1KubeletConf, File.ReadAllText(cluster["pi1"].RootPath("etc/kubernetes/kubelet.conf")));
        Assert.Equal(pi1ClientCert, File.ReadAllText(cluster["pi1"].RootPath("var/lib/kubelet/pki/kubelet-client-current.pem")));
        Assert.Equal(pi1Calls, File.ReadAllText(cluster["pi1"].RootPath("fake/changes.log")));
        Assert.Contains(observer.Finished, f => f is { Node: "pi1", Step: "kubelet-ca", Outcome: StepOutcome.Skipped });
        Assert.Contains(observer.Finished, f => f is { Node: "pi0", Step: "nodes-ready" } && f.Outcome != StepOutcome.Failed);
        Assert.Equal(
            ["backup", "pki-restore", "etcd-data", "kubeadm-config", "kubeadm-init", "admin-kubeconfig"],
            // (control-plane-taint depends on whether kubeadm's mark-control-plane puts the taint back; not asserted here.)
            observer.Finished.Where(f => f is { Node: "pi0", Phase: RebuildControlPlanePhase.PhaseName, Outcome: StepOutcome.Done } && f.Step != "control-plane-taint").Select(f => f.Step));

        // The operator's kubeconfig was merged again with the new admin.conf, which trusts the same CA.
        var caData = Convert.ToBase64String(File.ReadAllBytes(before.Pki("ca.crt")));
        Assert.Contains(caData, File.ReadAllText(cluster.Kubeconfig));

        // etcd restored as the member kubeadm starts (name and peer URL from the model), with every key of the newest backup.
        var member = EtcdMember.FromStaticPod(File.ReadAllText(before.ControlPlane.RootPath("etc/kubernetes/manifests/etcd.yaml")));
        Assert.Equal(KubeadmEtcdMember.Of(cluster.Definition.ControlPlane) with { Image = member.Image, Command = member.Command }, member);
        using (var etcd = EtcdProcess.Start(before.ControlPlane.RootPath("var/lib/etcd"), "pi0", initialized: true))
        {
            Assert.Contains($"pi0, https://{HomeClusterAddresses.NodesPi0Address}:2380", etcd.Ctl("member", "list"));
            foreach (var (key, value) in before.Keys) Assert.Equal(value, etcd.Ctl("get", key, "--print-value-only").TrimEnd('\n'));
            Assert.Equal("newer", etcd.Ctl("get", "/registry/only-in-newer", "--print-value-only").Trim());
            Assert.Equal("", etcd.Ctl("get", "/registry/after-last-backup", "--print-value-only").Trim());
        }

        // A rerun changes nothing.
        var again = await cluster.RunAsync(Rebuild(new RebuildSource.OnExport(null)));
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);

        // A worker joined to another CA is named with the fix, not silently left NotReady.
        File.WriteAllText(cluster["pi2"].RootPath("etc/kubernetes/pki/ca.crt"), File.ReadAllText(before.Pki("front-proxy-ca.crt")));
        var broken = await cluster.RunAsync(Rebuild(new RebuildSource.OnExport(null)));
        var failure = Assert.Single(broken.Failures);
        Assert.Equal(("pi2", "kubelet-ca"), (failure.Node, failure.Step));
        Assert.Contains("bootstrap node replace pi2", failure.Message);
    }

    [Fact]
    public async Task With_the_NAS_dead_too_the_control_plane_is_rebuilt_from_the_encrypted_copy_backup_pull_made()
    {
        await using var before = await ClusterWithBackups.StartAsync(nodes: 2);
        var cluster = before.Cluster;
        var fingerprint = before.CaFingerprint();
        using var temp = new TempDir();
        var (identity, recipient) = BackupPullTests.NewAgeKey(temp.Sub("operator.txt"));
        var pulled = await cluster.RunAsync([new BackupPullPhase(temp.Sub("copies"), all: false, [recipient], keep: 3)]);
        Assert.True(pulled.Succeeded, string.Join("\n", pulled.Failures));
        var copy = Path.Combine(temp.Sub("copies"), $"etcd-{ClusterWithBackups.NewerStamp}.tar.age");

        // The card and the NAS die: the export is gone.
        before.LoseControlPlaneCard();
        File.WriteAllText(Path.Combine(cluster.Fixture.ClusterState, "nfs", "exports"), "");
        var fromNas = await cluster.RunAsync(Rebuild(new RebuildSource.OnExport(null)));
        var noNas = Assert.Single(fromNas.Failures);
        Assert.Equal(("pi0", "backup"), (noNas.Node, noNas.Step));
        Assert.Contains("--from FILE.age --identity KEY", noNas.Message);

        var report = await cluster.RunAsync(Rebuild(new RebuildSource.Copy(copy, EncryptedBackup.Open(copy, identity, CancellationToken.None))));

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(fingerprint, before.CaFingerprint());
        // The uploaded copy (CA key, every Secret) is root-only on the node: the folder 0700, each file 0600.
        var stage = before.ControlPlane.RootPath(RebuildControlPlanePhase.StageDir.TrimStart('/'));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(stage));
            foreach (var file in Directory.GetFiles(stage)) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        using var etcd = EtcdProcess.Start(before.ControlPlane.RootPath("var/lib/etcd"), "pi0", initialized: true);
        Assert.Equal("newer", etcd.Ctl("get", "/registry/only-in-newer", "--print-value-only").Trim());
        foreach (var (key, value) in before.Keys) Assert.Equal(value, etcd.Ctl("get", key, "--print-value-only").TrimEnd('\n'));
    }

    [Fact]
    public async Task A_card_where_kubeadm_init_already_ran_is_refused_and_an_older_backup_is_chosen_by_its_stamp()
    {
        await using var before = await ClusterWithBackups.StartAsync(nodes: 2);
        var cluster = before.Cluster;
        var fingerprint = before.CaFingerprint();

        // Somebody ran `bootstrap cluster` on the new card first: kubeadm init made a new CA, and the worker's kubelet,
        // whose certificate the old CA signed, is refused by the new API server — what the issue set out to avoid.
        before.LoseControlPlaneCard();
        var fresh = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm], only: "pi0");
        var notReady = Assert.Single(fresh.Failures);
        Assert.Equal(("pi0", "nodes-ready"), (notReady.Node, notReady.Step));
        Assert.Contains("pi1   NotReady", notReady.Message);
        Assert.NotEqual(fingerprint, before.CaFingerprint());

        var refused = await cluster.RunAsync(Rebuild(new RebuildSource.OnExport(new BackupStamp(ClusterWithBackups.OlderStamp))));
        var failure = Assert.Single(refused.Failures);
        Assert.Equal(("pi0", "pki-restore"), (failure.Node, failure.Step));
        Assert.Contains("bootstrap reset --node", failure.Message);

        // On a card as it comes from `bootstrap card` the rebuild takes the older backup, as asked.
        before.LoseControlPlaneCard();
        var rebuilt = await cluster.RunAsync(Rebuild(new RebuildSource.OnExport(new BackupStamp(ClusterWithBackups.OlderStamp))));
        Assert.True(rebuilt.Succeeded, string.Join("\n", rebuilt.Failures));
        Assert.Equal(fingerprint, before.CaFingerprint());
        using var etcd = EtcdProcess.Start(before.ControlPlane.RootPath("var/lib/etcd"), "pi0", initialized: true);
        Assert.Equal("", etcd.Ctl("get", "/registry/only-in-newer", "--print-value-only").Trim());
        Assert.Equal(before.Keys["/registry/secrets/default/key-03"], etcd.Ctl("get", "/registry/secrets/default/key-03", "--print-value-only").TrimEnd('\n'));
    }

    [Fact]
    public async Task A_rerun_with_another_backup_is_refused_naming_reset_and_after_the_reset_that_backup_is_restored()
    {
        await using var before = await ClusterWithBackups.StartAsync(nodes: 2);
        var cluster = before.Cluster;
        before.LoseControlPlaneCard();
        var first = await cluster.RunAsync(Rebuild(new RebuildSource.OnExport(null)));
        Assert.True(first.Succeeded, string.Join("\n", first.Failures));

        // Asked for the older backup after the newer one was restored: never a silent "done" on the newer data.
        var older = new RebuildSource.OnExport(new BackupStamp(ClusterWithBackups.OlderStamp));
        var refused = await cluster.RunAsync(Rebuild(older));
        var failure = Assert.Single(refused.Failures);
        Assert.Equal(("pi0", "etcd-data"), (failure.Node, failure.Step));
        Assert.Contains($"restored from backup {ClusterWithBackups.NewerStamp}, not backup {ClusterWithBackups.OlderStamp}", failure.Message);
        Assert.Contains("`bootstrap reset --node pi0`", failure.Message);
        Assert.Contains($"--backup {ClusterWithBackups.NewerStamp}", failure.Message);
        using (var etcd = EtcdProcess.Start(before.ControlPlane.RootPath("var/lib/etcd"), "pi0", initialized: true))
            Assert.Equal("newer", etcd.Ctl("get", "/registry/only-in-newer", "--print-value-only").Trim());

        // What the message says: reset the control plane (kubeadm reset empties the etcd data directory), then rerun.
        var reset = await cluster.RunAsync([new PiCluster.Bootstrap.Reset.ResetPhase("pi0")], only: "pi0");
        Assert.True(reset.Succeeded, string.Join("\n", reset.Failures));
        var rebuilt = await cluster.RunAsync(Rebuild(older));
        Assert.True(rebuilt.Succeeded, string.Join("\n", rebuilt.Failures));
        using var restored = EtcdProcess.Start(before.ControlPlane.RootPath("var/lib/etcd"), "pi0", initialized: true);
        Assert.Equal("", restored.Ctl("get", "/registry/only-in-newer", "--print-value-only").Trim());
        Assert.Equal(before.Keys["/registry/secrets/default/key-03"], restored.Ctl("get", "/registry/secrets/default/key-03", "--print-value-only").TrimEnd('\n'));
    }
}
