using PiCluster.Bootstrap.Reset;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Reset;

/// <summary>
/// bootstrap reset, a plan on the step engine, on real sshd test nodes. kubeadm, kubectl, ip and iptables are FAKES
/// that record their calls: the real ones would wipe this machine's network, not a test node's. The fake kubeadm deletes
/// what `kubeadm reset` says it deletes (its "[reset] Deleting files" output, as captured in
/// Stephnn0/debian-commands dev-tools/kubernetes/config/uninstall.sh); the fake iptables lists a rule until flushed.
/// </summary>
public sealed class NodeResetTests : IAsyncLifetime
{
    private SshNodeFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = await SshNodeFixture.StartAsync(["pi0", "pi1"]);
        FakeKubectl.Install(_fixture["pi0"].FakeBin);
        var pi1 = _fixture["pi1"];
        var calls = Path.Combine(_fixture.ClusterState, "pi1-calls.log");
        FakeTools.Write(pi1.FakeBin, "kubeadm", $"""
            echo "kubeadm $*" >> '{calls}'
            rm -f "$NODE_ROOT"/etc/kubernetes/*.conf
            rm -rf "$NODE_ROOT"/etc/kubernetes/manifests/* "$NODE_ROOT"/var/lib/kubelet/*
            """);
        FakeTools.Write(pi1.FakeBin, "iptables", $$"""
            echo "iptables $*" >> '{{calls}}'
            case "$3" in
                -S) echo "-P INPUT ACCEPT"; [ -e "$NODE_ROOT/fake/flushed-$2" ] || echo "-N KUBE-SERVICES" ;;
                -F) touch "$NODE_ROOT/fake/flushed-$2" ;;
            esac
            """);
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
        Directory.CreateDirectory(pi1.RootPath("etc/kubernetes"));
        File.WriteAllText(pi1.RootPath("etc/kubernetes/kubelet.conf"), "apiVersion: v1\n");
        Directory.CreateDirectory(pi1.RootPath("etc/cni/net.d"));
        File.WriteAllText(pi1.RootPath("etc/cni/net.d/10-flannel.conflist"), "{}");
        Directory.CreateDirectory(pi1.RootPath("root/.kube"));
        File.WriteAllText(pi1.RootPath("root/.kube/config"), "apiVersion: v1\n");
        foreach (var link in ResetPhase.CniInterfaces) File.WriteAllText(Path.Combine(pi1.Root, "fake", "link-" + link), "");
        var registered = Path.Combine(_fixture.ClusterState, "kube", "objects", "Node", "_", "pi1");
        Directory.CreateDirectory(Path.GetDirectoryName(registered)!);
        File.WriteAllText(registered, "kind: Node\n");

        var (report, observer) = await ResetAsync("pi1");

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        var calls = File.ReadAllLines(Path.Combine(_fixture.ClusterState, "pi1-calls.log"));
        Assert.Equal("kubeadm reset -f --cri-socket=unix:///run/containerd/containerd.sock", calls.First(l => l.StartsWith("kubeadm", StringComparison.Ordinal)));
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
        Assert.Equal(
            ["remove-from-api", "kubeadm-reset", "cni-config", "cni-interfaces", "iptables", "kubeconfig"],
            observer.Finished.Where(f => f.Outcome == StepOutcome.Done).Select(f => f.Step));
        Assert.All(observer.Finished, f => Assert.Equal(("pi1", ResetPhase.PhaseName), (f.Node, f.Phase)));

        // Everything is gone already: the same reset finds every step done and changes nothing.
        var (again, _) = await ResetAsync("pi1");
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
        var rerun = File.ReadAllLines(Path.Combine(_fixture.ClusterState, "pi1-calls.log"));
        Assert.Equal(1, rerun.Count(l => l == "ip link delete cni0"));
        Assert.Equal(1, rerun.Count(l => l.StartsWith("kubeadm reset", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reset_plans_workers_before_the_control_plane_drains_only_a_single_worker_and_refuses_unknown_nodes()
    {
        var inputs = new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent");
        var runner = new BootstrapRunner(inputs, _fixture.TransportOptions(), n => _fixture.Endpoint(n.Name));

        var all = runner.Plan([new ResetPhase(null)], null).Lines.ToList();
        Assert.Equal(["pi1", "pi2", "pi3", "pi4", "pi5"], all.Where(l => l.Stage == 1).Select(l => l.Node).Distinct());
        Assert.Equal(["pi0"], all.Where(l => l.Stage == 2).Select(l => l.Node).Distinct());
        Assert.DoesNotContain(all, l => l.Step == "remove-from-api");

        var one = runner.Plan([new ResetPhase("pi3")], "pi3").Lines.ToList();
        Assert.Equal(["pi3"], one.Select(l => l.Node).Distinct());
        Assert.Equal("remove-from-api", one[0].Step);
        Assert.Throws<PiCluster.Bootstrap.BootstrapException>(() => runner.Plan([new ResetPhase("pi9")], "pi9"));
    }

    [Fact]
    public void Every_reset_and_restore_script_passes_shellcheck()
    {
        using var temp = new TempDir();
        var scripts = ResetPhase.Steps(new ResetLayout()).SelectMany(s => s.Snippets).Select(s => (Title: s.Name, Script: s.Text))
            .Concat(ResetPhase.RemoveFromApi(HomeCluster.Definition.ControlPlane).Snippets.Select(s => (Title: s.Name, Script: s.Text)))
            .Concat(PiCluster.Bootstrap.Etcd.EtcdRestorePlan.Build(
                new PiCluster.Bootstrap.Etcd.EtcdMember("pi0", "/var/lib/etcd", $"pi0=https://{HomeClusterAddresses.NodesPi0Address}:2380", $"https://{HomeClusterAddresses.NodesPi0Address}:2380", "etcd", ["etcd"]),
                "/var/lib/etcd-restore/s.db", PiCluster.Bootstrap.Etcd.EtcdRestoreTool.Etcdutl, "20261127T031500Z", new PiCluster.Bootstrap.Etcd.ControlPlaneLayout())
                .SelectMany(s => new[] { (Title: s.Title, Script: s.Action), (Title: s.Title + " (check)", Script: s.Check) }))
            .Concat(BootstrapPlan.For(
                    [new PiCluster.Bootstrap.Etcd.EtcdRestorePhase("/tmp/s.db", new string('a', 64), "20261127T031500Z", PiCluster.Bootstrap.Etcd.EtcdRestoreTool.Etcdutl, new PiCluster.Bootstrap.Etcd.ControlPlaneLayout())],
                    new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent"))
                .AllSteps.SelectMany(s => s.Snippets).Select(s => (Title: s.Name, Script: s.Text)))
            // The plan sends what EtcdRestorePlan builds (and every worker the same restart): each text once.
            .DistinctBy(s => s.Script, StringComparer.Ordinal)
            .ToList();
        var files = scripts.Select((s, i) =>
        {
            var path = temp.Sub($"script-{i:D2}.sh");
            File.WriteAllText(path, "#!/bin/sh\n# " + s.Title + "\n" + s.Script);
            return path;
        }).ToList();
        var (code, output) = Shell.Run("shellcheck", ["--shell=sh", "--severity=style", .. files], timeout: TimeSpan.FromMinutes(3));
        Assert.True(code == 0, "shellcheck:\n" + output);
    }

    private async Task<(RunReport Report, RecordingObserver Observer)> ResetAsync(string node)
    {
        var definition = HomeCluster.Definition with { Nodes = [.. HomeCluster.Definition.Nodes.Take(2)] };
        var inputs = new PhaseInputs(definition, new StateFolder(_fixture.Base), "/nonexistent") { Report = TextWriter.Null };
        var runner = new BootstrapRunner(inputs, _fixture.TransportOptions(), n => _fixture.Endpoint(n.Name));
        var observer = new RecordingObserver();
        return (await runner.RunAsync(runner.Plan([new ResetPhase(node)], node), observer, CancellationToken.None), observer);
    }
}
