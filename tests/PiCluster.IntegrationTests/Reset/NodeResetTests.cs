using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Reset;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Reset;

/// <summary>
/// bootstrap reset on a real sshd test node. kubeadm, kubectl, ip and iptables are fakes (named as such) that record
/// their calls: the real ones would wipe this machine's network, not a test node's.
/// </summary>
public sealed class NodeResetTests : IAsyncLifetime
{
    private SshNodeFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = await SshNodeFixture.StartAsync(["pi0", "pi1"]);
        FakeTools.Write(_fixture["pi0"].FakeBin, "kubectl", FakeKubectl.Script);
        var pi1 = _fixture["pi1"];
        var calls = Path.Combine(_fixture.ClusterState, "pi1-calls.log");
        FakeTools.Write(pi1.FakeBin, "kubeadm", $"echo \"kubeadm $*\" >> '{calls}'");
        FakeTools.Write(pi1.FakeBin, "iptables", $"echo \"iptables $*\" >> '{calls}'");
        // Interfaces exist until deleted: one marker file each under the node root.
        FakeTools.Write(pi1.FakeBin, "ip", $$"""
            echo "ip $*" >> '{{calls}}'
            case "$1 $2" in
                "link show") [ -e "$NODE_ROOT/fake/link-$3" ] ;;
                "link delete") rm "$NODE_ROOT/fake/link-$3" ;;
                *) exit 3 ;;
            esac
            """);
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task A_worker_is_drained_deleted_reset_and_cleaned_of_what_kubeadm_reset_leaves_and_a_rerun_is_harmless()
    {
        var pi1 = _fixture["pi1"];
        Directory.CreateDirectory(pi1.RootPath("etc/cni/net.d"));
        File.WriteAllText(pi1.RootPath("etc/cni/net.d/10-flannel.conflist"), "{}");
        Directory.CreateDirectory(pi1.RootPath("root/.kube"));
        File.WriteAllText(pi1.RootPath("root/.kube/config"), "apiVersion: v1\n");
        foreach (var link in ResetPlan.CniInterfaces) File.WriteAllText(Path.Combine(pi1.Root, "fake", "link-" + link), "");

        using var transport = new SshTransport(_fixture.TransportOptions());
        await using var cp = await transport.ConnectAsync(_fixture.Endpoint("pi0"), CancellationToken.None);
        await using var worker = await transport.ConnectAsync(_fixture.Endpoint("pi1"), CancellationToken.None);
        var log = new StringWriter();
        await new NodeReset(log).RunAsync(worker, new RemoteKubectl(cp), new ResetLayout(), CancellationToken.None);

        var calls = File.ReadAllLines(Path.Combine(_fixture.ClusterState, "pi1-calls.log"));
        Assert.Equal("kubeadm reset -f --cri-socket=unix:///run/containerd/containerd.sock", calls[0]);
        Assert.Contains("ip link delete cni0", calls);
        Assert.Contains("ip link delete flannel.1", calls);
        foreach (var table in new[] { "filter", "nat", "mangle" })
        {
            Assert.Contains($"iptables -t {table} -F", calls);
            Assert.Contains($"iptables -t {table} -X", calls);
        }
        Assert.Empty(Directory.GetFileSystemEntries(pi1.RootPath("etc/cni/net.d")));
        Assert.False(File.Exists(pi1.RootPath("root/.kube/config")));
        var kubectl = File.ReadAllText(Path.Combine(_fixture.ClusterState, "kube", "calls.log"));
        Assert.Contains("drain pi1 --ignore-daemonsets --delete-emptydir-data --force --timeout=120s", kubectl);
        Assert.Contains("delete node pi1 --ignore-not-found", kubectl);
        Assert.Contains("pi1: Flush the iptables rules", log.ToString());

        // Everything is gone already: the same reset runs again without failing and deletes nothing twice.
        await new NodeReset(log).RunAsync(worker, new RemoteKubectl(cp), new ResetLayout(), CancellationToken.None);
        Assert.Equal(1, File.ReadAllLines(Path.Combine(_fixture.ClusterState, "pi1-calls.log")).Count(l => l == "ip link delete cni0"));
    }

    [Fact]
    public void Reset_targets_workers_before_the_control_plane_and_refuses_unknown_nodes()
    {
        Assert.Equal(["pi1", "pi2", "pi3", "pi4", "pi5", "pi0"], ResetCommand.Targets(HomeCluster.Definition, null).Select(n => n.Name));
        Assert.Equal(["pi3"], ResetCommand.Targets(HomeCluster.Definition, "pi3").Select(n => n.Name));
        Assert.Throws<PiCluster.Bootstrap.BootstrapException>(() => ResetCommand.Targets(HomeCluster.Definition, "pi9"));
    }

    [Fact]
    public void Every_reset_and_restore_script_passes_shellcheck()
    {
        using var temp = new TempDir();
        var scripts = ResetPlan.Build(new ResetLayout()).Select(s => (s.Title, s.Script))
            .Concat(PiCluster.Bootstrap.Etcd.EtcdRestorePlan.Build(
                new PiCluster.Bootstrap.Etcd.EtcdMember("pi0", "/var/lib/etcd", "pi0=https://192.168.50.132:2380", "https://192.168.50.132:2380", "etcd", ["etcd"]),
                "/var/lib/etcd-restore/s.db", PiCluster.Bootstrap.Etcd.EtcdRestoreTool.Etcdutl, "20261127T031500Z", new PiCluster.Bootstrap.Etcd.ControlPlaneLayout()).Select(s => (s.Title, s.Script)))
            .ToList();
        var files = scripts.Select((s, i) =>
        {
            var path = temp.Sub($"script-{i:D2}.sh");
            File.WriteAllText(path, "#!/bin/sh\n# " + s.Title + "\n" + s.Script);
            return path;
        }).ToList();
        var (code, output) = Shell.Run("shellcheck", ["--shell=sh", "--severity=style", .. files]);
        Assert.True(code == 0, "shellcheck:\n" + output);
    }
}
