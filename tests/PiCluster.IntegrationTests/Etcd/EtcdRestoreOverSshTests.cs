using PiCluster.Bootstrap.Etcd;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Render.Components;

namespace PiCluster.IntegrationTests.Etcd;

/// <summary>
/// restore-etcd end to end over SSH: a real etcd whose static pod manifest sits in a test node's root, the snapshot
/// uploaded and restored by the restore plan on the step engine with Debian's etcdctl on the "node"; kubectl, pidof
/// and rc-service are fakes.
/// </summary>
public sealed class EtcdRestoreOverSshTests : IAsyncLifetime
{
    private SshNodeFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = await SshNodeFixture.StartAsync(["pi0", "pi1"]);
        foreach (var node in _fixture.Nodes)
        {
            FakeKubectl.Install(node.FakeBin);
            FakeTools.Write(node.FakeBin, "pidof", "exit 1"); // a real pidof would see other tests' etcd on this machine
            FakeTools.Write(node.FakeBin, "rc-service", $"echo \"rc-service $*\" >> \"$FAKE_CLUSTER/{node.Name}-rc.log\"");
        }
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task The_service_uploads_the_snapshot_and_restores_a_real_etcd_in_the_nodes_root()
    {
        Tools.Require("etcd", "etcdctl");
        using var temp = new TempDir();
        var pi0 = _fixture["pi0"];
        var manifests = pi0.RootPath("etc/kubernetes/manifests");
        Directory.CreateDirectory(manifests);
        // The manifest names node paths (/var/lib/etcd); on the test node they live under its root.
        File.WriteAllText(Path.Combine(manifests, "etcd.yaml"), EtcdRestoreTests.KubeadmManifest("/var/lib/etcd", EtcdProcess.AnyPortUrl, EtcdProcess.AnyPortUrl, "    - --initial-cluster-state=new"));
        foreach (var other in new[] { "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml" })
            File.WriteAllText(Path.Combine(manifests, other), "kind: Pod\n");
        var member = EtcdMember.FromStaticPod(File.ReadAllText(Path.Combine(manifests, "etcd.yaml")));
        var dataDir = pi0.RootPath("var/lib/etcd");
        var snapshot = temp.Sub("etcd-20261127T030000Z.db");

        using (var running = EtcdRestoreTests.StartEtcd(member, dataDir))
        {
            for (var i = 0; i < 20; i++) running.Ctl("put", $"/registry/ssh/key-{i}", $"value {i}");
            // The CronJob's snapshot command without its TLS flags (the test etcd speaks plain HTTP).
            running.Ctl([.. EtcdBackupComponent.SnapshotArgs().Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => a == EtcdBackupComponent.Snapshot ? snapshot : a)]);
            running.Ctl("put", "/registry/ssh/after-snapshot", "lost by the restore");
        }

        var definition = PiCluster.Cluster.HomeCluster.Definition with { Nodes = [.. PiCluster.Cluster.HomeCluster.Definition.Nodes.Take(2)] };
        var inputs = new PhaseInputs(definition, new StateFolder(_fixture.Base), "/nonexistent") { Report = TextWriter.Null };
        var runner = new BootstrapRunner(inputs, _fixture.TransportOptions(), n => _fixture.Endpoint(n.Name));
        string sha256;
        using (var stream = File.OpenRead(snapshot)) sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        var phase = new EtcdRestorePhase(snapshot, sha256, "20261127T031500Z", EtcdRestoreTool.Named("etcdctl"), new ControlPlaneLayout());
        var observer = new RecordingObserver();
        var report = await runner.RunAsync(runner.Plan([phase], null), observer, CancellationToken.None);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.True(File.Exists(pi0.RootPath("var/lib/etcd-restore/20261127T031500Z-etcd-20261127T030000Z.db")));
        Assert.True(Directory.Exists(dataDir + ".before-restore-20261127T031500Z"));
        Assert.Equal(4, Directory.GetFiles(manifests).Length);
        Assert.Contains("rc-service kubelet restart", File.ReadAllText(Path.Combine(_fixture.ClusterState, "pi0-rc.log")));
        Assert.Contains("rc-service kubelet restart", File.ReadAllText(Path.Combine(_fixture.ClusterState, "pi1-rc.log")));
        Assert.Equal(
            ["upload-snapshot", "stop-control-plane", "move-data-aside", "restore", "start-etcd-apiserver", "restart-control-plane"],
            observer.Finished.Where(f => f.Node == "pi0" && f.Outcome == StepOutcome.Done).Select(f => f.Step));
        Assert.Contains(observer.Finished, f => f is { Node: "pi0", Step: "check-api", Outcome: StepOutcome.Skipped });
        Assert.Contains(observer.Finished, f => f is { Node: "pi1", Step: "restart-kubelet", Outcome: StepOutcome.Done });

        using (var restored = EtcdRestoreTests.StartEtcd(member, dataDir))
        {
            for (var i = 0; i < 20; i++)
                Assert.Equal($"value {i}", restored.Ctl("get", $"/registry/ssh/key-{i}", "--print-value-only").TrimEnd('\n'));
            Assert.Equal("", restored.Ctl("get", "/registry/ssh/after-snapshot", "--print-value-only").Trim());
        }
    }
}
