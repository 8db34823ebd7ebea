using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Cluster;
using PiCluster.Cluster.Scripts;
using PiCluster.Render.Components;

namespace PiCluster.IntegrationTests.Etcd;

public class EtcdRestoreTests
{
    private const string Stamp = "20261127T031500Z";

    /// <summary>The shape kubeadm writes for pi0 (flags trimmed to the ones that matter here).</summary>
    internal static string KubeadmManifest(string dataDir = "/var/lib/etcd", string client = "https://192.168.50.132:2379", string peer = "https://192.168.50.132:2380", string? extra = null) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
          namespace: kube-system
          labels:
            component: etcd
            tier: control-plane
        spec:
          hostNetwork: true
          containers:
          - name: etcd
            image: registry.k8s.io/etcd:3.6.8-0
            command:
            - etcd
            - --advertise-client-urls={client}
            - --data-dir={dataDir}
            - --initial-advertise-peer-urls={peer}
            - --initial-cluster=pi0={peer}
            - --listen-client-urls={client}
            - --listen-peer-urls={peer}
            - --name=pi0
        {extra}
        """;

    [Fact]
    public void Reads_name_data_dir_and_peer_urls_from_kubeadms_etcd_manifest()
    {
        var member = EtcdMember.FromStaticPod(KubeadmManifest());
        Assert.Equal("pi0", member.Name);
        Assert.Equal("/var/lib/etcd", member.DataDir);
        Assert.Equal($"pi0=https://{HomeClusterAddresses.NodesPi0Address}:2380", member.InitialCluster);
        Assert.Equal($"https://{HomeClusterAddresses.NodesPi0Address}:2380", member.InitialAdvertisePeerUrls);
        Assert.Equal("registry.k8s.io/etcd:3.6.8-0", member.Image);
    }

    [Fact]
    public void A_manifest_without_the_member_name_is_refused()
    {
        var error = Assert.Throws<BootstrapException>(() => EtcdMember.FromStaticPod(KubeadmManifest().Replace("    - --name=pi0\n", "")));
        Assert.Contains("--name=", error.Message);
        Assert.Throws<BootstrapException>(() => EtcdMember.FromStaticPod("kind: [broken"));
    }

    [Fact]
    public void The_plan_uses_etcdutl_with_the_revision_bump_and_the_running_members_names()
    {
        var steps = EtcdRestorePlan.Build(EtcdMember.FromStaticPod(KubeadmManifest()), "/root/etcd-restore/snapshot.db", EtcdRestoreTool.Etcdutl, Stamp, new ControlPlaneLayout());
        Assert.Equal(
            ["Check that etcdutl is installed", "Verify the snapshot", "Stop the control plane: move its static pod manifests to /etc/kubernetes/manifests-restore-" + Stamp,
             "Wait until etcd and kube-apiserver have stopped", "Move the data directory aside to /var/lib/etcd.before-restore-" + Stamp,
             "Restore into a fresh /var/lib/etcd as member pi0", "Start etcd and kube-apiserver again", "Wait until the API server answers /readyz",
             "Restart kube-controller-manager, kube-scheduler and the kubelet", "Check the API answers and list the nodes"],
            steps.Select(s => s.Title));
        // Every step is bootstrap/Scripts/etcd-restore.sh with its MODE, STEP and values as parameters, never shell built in C#.
        Assert.All(steps, s =>
        {
            Assert.StartsWith($"MODE=check\nSTEP={s.Name}\n", s.Check);
            Assert.StartsWith($"MODE=apply\nSTEP={s.Name}\n", s.Action);
            Assert.EndsWith(NodeScripts.Read(NodeScripts.EtcdRestore), s.Action);
        });
        Assert.Contains("TOOL=etcdutl\nSNAPSHOT=/root/etcd-restore/snapshot.db\n", steps[1].Action);
        Assert.Contains(
            "TOOL=etcdutl\nBUMP_REVISION=1000000000\nSNAPSHOT=/root/etcd-restore/snapshot.db\nDATA_DIR=/var/lib/etcd\nMEMBER_NAME=pi0\n" +
            $"INITIAL_CLUSTER=pi0=https://{HomeClusterAddresses.NodesPi0Address}:2380\nPEER_URLS=https://{HomeClusterAddresses.NodesPi0Address}:2380\n",
            steps[5].Action);
        Assert.Contains($"MANIFESTS_DIR=/etc/kubernetes/manifests\nASIDE=/etc/kubernetes/manifests-restore-{Stamp}\n", steps[2].Action);
        Assert.Contains($"DATA_DIR=/var/lib/etcd\nOLD_DATA=/var/lib/etcd.before-restore-{Stamp}\n", steps[4].Action);
        // 3.4's etcdctl has no revision bump; everything else stays the same.
        var legacy = EtcdRestorePlan.Build(EtcdMember.FromStaticPod(KubeadmManifest()), "/root/etcd-restore/snapshot.db", EtcdRestoreTool.Named("/usr/bin/etcdctl"), Stamp, new ControlPlaneLayout());
        Assert.Equal(steps[5].Action.Replace("TOOL=etcdutl", "TOOL=/usr/bin/etcdctl").Replace("BUMP_REVISION=1000000000", "BUMP_REVISION=''"), legacy[5].Action);
    }

    [Fact]
    public void A_missing_restore_tool_stops_the_restore_before_anything_is_moved()
    {
        var steps = EtcdRestorePlan.Build(EtcdMember.FromStaticPod(KubeadmManifest()), "/s.db", EtcdRestoreTool.Named("etcdutl-not-installed"), Stamp, new ControlPlaneLayout());
        // The check already refuses (2: cannot go on), before any step that moves something; the action would fail too.
        var (check, refusal) = Shell.Run("sh", ["-c", steps[0].Check]);
        Assert.Equal(2, check);
        Assert.Contains("etcdutl-not-installed is not installed on this node", refusal);
        var (code, output) = Shell.Run("sh", ["-c", steps[0].Action]);
        Assert.Equal(1, code);
        Assert.Contains("etcdutl-not-installed is not installed on this node", output);
        Assert.Contains("--restore-tool", output);
    }

    [Fact]
    public void A_real_etcd_snapshot_taken_like_the_cronjob_restores_every_key_through_the_restore_plan()
    {
        var etcdctl = EtcdProcess.Etcdctl;
        using var temp = new TempDir();
        var dataDir = temp.Sub("var-lib-etcd");
        var manifests = Directory.CreateDirectory(temp.Sub("manifests")).FullName;
        var manifest = KubeadmManifest(dataDir, EtcdProcess.AnyPortUrl, EtcdProcess.AnyPortUrl, "    - --initial-cluster-state=new");
        File.WriteAllText(Path.Combine(manifests, "etcd.yaml"), manifest);
        foreach (var other in new[] { "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml" })
            File.WriteAllText(Path.Combine(manifests, other), "kind: Pod\n");
        var member = EtcdMember.FromStaticPod(File.ReadAllText(Path.Combine(manifests, "etcd.yaml")));
        var keys = Enumerable.Range(0, 40).ToDictionary(i => $"/registry/test/key-{i:D2}", i => $"value {i} ünïcode {new string('x', i * 50)}");
        var backupDir = temp.Sub("backup");

        using (var running = StartEtcd(member))
        {
            foreach (var (key, value) in keys) running.Ctl("put", key, value);
            // The CronJob's own snapshot arguments, pointed at the test server (plain HTTP: no client certificate).
            var scratch = Directory.CreateDirectory(temp.Sub("scratch")).FullName;
            var snapshotArgs = EtcdBackupComponent.SnapshotArgs()
                .Where(a => !a.StartsWith("--cacert=", StringComparison.Ordinal) && !a.StartsWith("--cert=", StringComparison.Ordinal) && !a.StartsWith("--key=", StringComparison.Ordinal))
                .Select(a => a.StartsWith("--endpoints=", StringComparison.Ordinal) ? $"--endpoints={running.Endpoint}" : a.Replace(EtcdBackupComponent.Snapshot, Path.Combine(scratch, "snapshot.db"), StringComparison.Ordinal));
            var save = Shell.Run(etcdctl, snapshotArgs, EtcdProcess.CtlEnv);
            Assert.True(save.Code == 0, "snapshot save: " + save.Output);
            var copy = Shell.Run("sh", [Path.Combine(TestPaths.RepoRoot, "cluster", "Scripts", ClusterScripts.EtcdBackup)],
                new Dictionary<string, string> { ["SNAPSHOT"] = Path.Combine(scratch, "snapshot.db"), ["BACKUP_DIR"] = backupDir, ["RETENTION"] = "3" });
            Assert.True(copy.Code == 0, "etcd-backup.sh: " + copy.Output);
            // Written after the snapshot: a restore that really used the snapshot does not have it.
            running.Ctl("put", "/registry/test/after-snapshot", "too late");
        }

        var snapshot = Assert.Single(Directory.GetFiles(backupDir, "etcd-*.db"));
        // Only the Kubernetes side is faked; every etcd command and file move runs for real.
        var fakes = Directory.CreateDirectory(temp.Sub("fake-bin")).FullName;
        WriteFake(fakes, "kubectl", "echo 'fake kubectl:' \"$@\"");
        WriteFake(fakes, "pidof", "exit 1"); // the test already stopped its etcd; a real pidof would see other tests' etcd
        WriteFake(fakes, "rc-service", "echo 'fake rc-service:' \"$@\"");
        var layout = new ControlPlaneLayout(ManifestsDir: manifests, AdminKubeconfig: temp.Sub("admin.conf"));
        var steps = EtcdRestorePlan.Build(member, snapshot, EtcdRestoreTool.Named(etcdctl), Stamp, layout);
        var env = new Dictionary<string, string>(EtcdProcess.CtlEnv) { ["PATH"] = fakes + ":" + Environment.GetEnvironmentVariable("PATH"), ["NODE_ROOT"] = "" };
        foreach (var step in steps)
        {
            var (code, output) = Shell.Run("sh", ["-c", step.Action], env);
            Assert.True(code == 0, $"{step.Title}: {step.Action}\n{output}");
            var (done, checkOutput) = Shell.Run("sh", ["-c", step.Check], env);
            Assert.True(done == 0, $"{step.Title}: the check does not see the action's effect (exit {done})\n{checkOutput}");
            if (step.Title.StartsWith("Stop the control plane", StringComparison.Ordinal)) Assert.Empty(Directory.GetFiles(manifests));
        }
        Assert.Equal(["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"],
            Directory.GetFiles(manifests).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(manifests + "-restore-" + Stamp));
        Assert.True(Directory.Exists(dataDir + ".before-restore-" + Stamp), "the old data directory is kept aside");

        using (var restored = StartEtcd(EtcdMember.FromStaticPod(File.ReadAllText(Path.Combine(manifests, "etcd.yaml")))))
        {
            foreach (var (key, value) in keys)
                Assert.Equal(value, restored.Ctl("get", key, "--print-value-only").TrimEnd('\n'));
            Assert.Equal("", restored.Ctl("get", "/registry/test/after-snapshot", "--print-value-only").Trim());
        }
    }

    private static void WriteFake(string folder, string name, string body) => FakeTools.Write(folder, name, body);

    /// <summary>Starts etcd with the static pod's own command line (the binary swapped for Debian's, the data folder optionally moved).</summary>
    internal static EtcdProcess StartEtcd(EtcdMember member, string? dataDir = null) =>
        EtcdProcess.StartWith(member.Command.Skip(1).Select(arg => dataDir is not null && arg.StartsWith("--data-dir=", StringComparison.Ordinal) ? "--data-dir=" + dataDir : arg));
}
