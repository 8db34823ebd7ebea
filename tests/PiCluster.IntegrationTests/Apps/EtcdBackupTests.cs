using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;
using PiCluster.Cluster.Scripts;
using PiCluster.Cluster.Validation;
using PiCluster.Render;
using PiCluster.Render.Components;

namespace PiCluster.IntegrationTests.Apps;

public class EtcdBackupTests
{
    private static readonly List<object> Objects = AppObjects.Of<EtcdBackup>(EtcdBackupComponent.Build, HomeCluster.Definition);

    private static V1CronJob CronJob => Objects.Single<V1CronJob>();

    private static V1PodSpec Pod => CronJob.Spec.JobTemplate.Spec.Template.Spec;

    private static string ScriptPath => Path.Combine(TestPaths.RepoRoot, "cluster", "Scripts", ClusterScripts.EtcdBackup);

    [Fact]
    public void Runs_daily_never_twice_at_once_in_kube_system_on_the_control_plane()
    {
        Assert.Equal("kube-system", CronJob.Metadata.NamespaceProperty);
        Assert.Equal("0 3 * * *", CronJob.Spec.Schedule);
        Assert.Equal("Forbid", CronJob.Spec.ConcurrencyPolicy);
        Assert.True(Pod.HostNetwork);
        Assert.Equal("", Pod.NodeSelector["node-role.kubernetes.io/control-plane"]);
        Assert.Contains(Pod.Tolerations, t => t.Key == "node-role.kubernetes.io/control-plane" && t.OperatorProperty == "Exists" && t.Effect == "NoSchedule");
        var pki = Assert.Single(Pod.Volumes, v => v.HostPath is not null);
        Assert.Equal("/etc/kubernetes/pki", pki.HostPath.Path);
        Assert.All(Pod.InitContainers.Concat(Pod.Containers).SelectMany(c => c.VolumeMounts).Where(m => m.Name == pki.Name), m => Assert.True(m.ReadOnlyProperty));
    }

    [Fact]
    public void The_shell_less_etcd_image_only_runs_etcdctl_and_etcdutl_with_explicit_arguments()
    {
        var etcdSteps = Pod.InitContainers.Where(c => c.Image.StartsWith("registry.k8s.io/etcd:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["snapshot", "verify"], etcdSteps.Select(c => c.Name));
        Assert.Equal(["etcdctl"], etcdSteps[0].Command);
        Assert.Equal(["etcdutl"], etcdSteps[1].Command);
        Assert.Equal(["snapshot", "save", "/scratch/snapshot.db"], etcdSteps[0].Args.TakeLast(3));
        Assert.Equal(["snapshot", "status", "/scratch/snapshot.db"], etcdSteps[1].Args.Take(3));
        Assert.All(etcdSteps, c => Assert.DoesNotContain(c.Command.Concat(c.Args), a => a.Contains("sh", StringComparison.Ordinal) && a.Contains("-c", StringComparison.Ordinal)));
        var copy = Assert.Single(Pod.Containers);
        Assert.Equal("busybox:1.37.0@" + HomeCluster.BusyboxDigest, copy.Image);
        Assert.Equal(["/bin/sh", "/scripts/etcd-backup.sh"], copy.Command);
        Assert.Contains(copy.Env, e => e.Name == "RETENTION" && e.Value == "14");
    }

    [Fact]
    public void Snapshots_go_to_the_backups_export_and_the_script_is_rendered_verbatim()
    {
        var backup = Assert.Single(Pod.Containers[0].VolumeMounts, m => m.MountPath == "/backup");
        Assert.Equal("etcd", backup.SubPath);
        Assert.Equal("nfs-backups", Assert.Single(Pod.Volumes, v => v.Name == backup.Name).PersistentVolumeClaim.ClaimName);
        var script = Objects.Single<V1ConfigMap>().Data[ClusterScripts.EtcdBackup];
        Assert.Equal(File.ReadAllText(ScriptPath), script);
        var rendered = File.ReadAllText(Path.Combine(TestPaths.Rendered, "apps", "etcd-backup", "etcd-backup.yaml"));
        Assert.Contains("  etcd-backup.sh: |\n    #!/bin/sh\n", rendered);
    }

    [Fact]
    public void A_retention_of_zero_stops_render_naming_field_and_value()
    {
        var broken = HomeCluster.Definition with { Services = HomeCluster.Definition.Services with { EtcdBackup = HomeCluster.Definition.Services.EtcdBackup with { Retention = 0 } } };
        var error = Assert.Throws<InvalidClusterDefinitionException>(() => ClusterRenderer.Render(broken));
        Assert.Contains(error.Violations, v => v.RuleId == RuleIds.BackupRetention);
        Assert.Contains("Services.EtcdBackup.Retention: 0 backups kept", error.Message);
    }

    [Fact]
    public void Shellcheck_passes_on_every_script()
    {
        var scripts = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "cluster", "Scripts"), "*.sh").Order(StringComparer.Ordinal).ToList();
        Assert.Contains(scripts, s => s.EndsWith(ClusterScripts.EtcdBackup, StringComparison.Ordinal));
        var (code, output) = Shell.Run("shellcheck", ["--shell=sh", "--severity=style", .. scripts]);
        Assert.True(code == 0, "shellcheck:\n" + output);
    }

    [Fact]
    public void The_script_refuses_a_retention_of_zero()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Sub("snapshot.db"), "x");
        var (code, output) = RunScript(temp.Sub("snapshot.db"), temp.Sub("backup"), "0");
        Assert.Equal(2, code);
        Assert.Contains("RETENTION must be a whole number of at least 1", output);
        Assert.False(Directory.Exists(temp.Sub("backup")));
    }

    [Fact]
    public void Backups_of_a_real_etcd_are_pruned_to_the_newest_two_and_the_newest_restores_every_key()
    {
        var etcdctl = EtcdProcess.Etcdctl;
        using var temp = new TempDir();
        var keys = Enumerable.Range(0, 25).ToDictionary(i => $"/registry/test/key-{i:D2}", i => $"value {i} ünïcode");
        var backupDir = temp.Sub("backup");
        var written = new List<string>();

        using (var source = EtcdProcess.Start(temp.Sub("data"), "source"))
        {
            foreach (var (key, value) in keys) source.Ctl("put", key, value);
            for (var run = 0; run < 3; run++)
            {
                // Each run adds a key, so the newest snapshot is the only one holding all of them.
                keys[$"/registry/test/run-{run}"] = $"run {run}";
                source.Ctl("put", $"/registry/test/run-{run}", $"run {run}");
                var scratch = temp.Sub($"scratch-{run}");
                Directory.CreateDirectory(scratch);
                var snapshot = Path.Combine(scratch, "snapshot.db");

                // The CronJob's own etcd steps, pointed at the test server (plain HTTP, so no client certificate).
                source.Ctl([.. EtcdBackupComponent.SnapshotArgs()
                    .Where(a => !a.StartsWith("--endpoints=", StringComparison.Ordinal) && !a.StartsWith("--cacert=", StringComparison.Ordinal) && !a.StartsWith("--cert=", StringComparison.Ordinal) && !a.StartsWith("--key=", StringComparison.Ordinal))
                    .Select(a => a.Replace(EtcdBackupComponent.Snapshot, snapshot, StringComparison.Ordinal))]);
                // etcd 3.6 verifies with etcdutl; this host's etcd 3.4 has the same check as `etcdctl snapshot status`.
                var verifier = File.Exists("/usr/bin/etcdutl") ? "/usr/bin/etcdutl" : etcdctl;
                var status = Shell.Run(verifier, EtcdBackupComponent.VerifyArgs().Select(a => a.Replace(EtcdBackupComponent.Snapshot, snapshot, StringComparison.Ordinal)), EtcdProcess.CtlEnv);
                Assert.True(status.Code == 0, "snapshot status: " + status.Output);

                var (code, output) = RunScript(snapshot, backupDir, "2", $"2026112{7 + run}T030000Z");
                Assert.True(code == 0, "etcd-backup.sh: " + output);
                written.Add(Assert.Single(Directory.GetFiles(backupDir, "*.db").Select(Path.GetFileName).Except(written.Select(Path.GetFileName)))!);
            }
        }

        var kept = Directory.GetFiles(backupDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(written.Skip(1).SelectMany(n => new[] { n, n + ".sha256" }).Order(StringComparer.Ordinal), kept);
        Assert.All(kept, name => Assert.Matches(@"^etcd-\d{8}T\d{6}Z\.db(\.sha256)?$", name!));
        var checksums = Shell.Run("sh", ["-c", "cd \"$0\" && sha256sum -c -- *.sha256", backupDir]);
        Assert.True(checksums.Code == 0, checksums.Output);

        var newest = Path.Combine(backupDir, written[^1]);
        var restoredDir = temp.Sub("restored");
        var restore = Shell.Run(etcdctl,
            ["snapshot", "restore", newest, $"--data-dir={restoredDir}", "--name=restored",
             $"--initial-cluster=restored={EtcdProcess.AnyPortUrl}", $"--initial-advertise-peer-urls={EtcdProcess.AnyPortUrl}"],
            EtcdProcess.CtlEnv);
        Assert.True(restore.Code == 0, "snapshot restore: " + restore.Output);

        using var restored = EtcdProcess.Start(restoredDir, "restored", initialized: true);
        foreach (var (key, value) in keys)
            Assert.Equal(value, restored.Ctl("get", key, "--print-value-only").TrimEnd('\n'));
    }

    // One run a day, as the CronJob: the stamp is passed rather than waited for.
    private static (int Code, string Output) RunScript(string snapshot, string backupDir, string retention, string? stamp = null) =>
        Shell.Run("sh", [ScriptPath], new Dictionary<string, string> { ["SNAPSHOT"] = snapshot, ["BACKUP_DIR"] = backupDir, ["RETENTION"] = retention, ["STAMP"] = stamp ?? "" });
}
