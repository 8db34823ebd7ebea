using PiCluster.Bootstrap.Reset;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Reset;

/// <summary>
/// bootstrap reset cleans both iptables backends (raw table too) and flannel's state (issue 10, item 12). kubeadm, ip
/// and all six iptables front ends are FAKES recording their calls (the real ones would touch this machine); like the
/// real ones, `-S` lists the policies and, until `-F`, a chain kube-proxy made.
/// </summary>
public sealed class NodeResetBackendTests
{
    [Fact]
    public async Task Reset_flushes_every_iptables_backend_including_raw_and_removes_cni_leases_and_run_flannel()
    {
        await using var fixture = await SshNodeFixture.StartAsync(["pi1"]);
        var node = fixture["pi1"];
        var calls = Path.Combine(fixture.ClusterState, "calls.log");
        FakeTools.Write(node.FakeBin, "kubeadm", $"echo \"kubeadm $*\" >> '{calls}'");
        FakeTools.Write(node.FakeBin, "ip", $"echo \"ip $*\" >> '{calls}'\n[ \"$2\" != show ] || exit 1");
        // The legacy backend has no raw table loaded (its module is not in): -S fails, like iptables-legacy on a fresh kernel.
        foreach (var cmd in ResetPhase.IptablesCommands)
        {
            FakeTools.Write(node.FakeBin, cmd, $$"""
                echo "{{cmd}} $*" >> '{{calls}}'
                if [ "$3" = -S ] && [ "$2" = raw ] && [ "{{cmd}}" = ip6tables-legacy ]; then echo "can't initialize ip6tables table 'raw'" >&2; exit 3; fi
                case "$3" in
                    -S) echo "-P OUTPUT ACCEPT"; [ -e "$NODE_ROOT/fake/flushed-{{cmd}}-$2" ] || echo "-N KUBE-SERVICES" ;;
                    -F) touch "$NODE_ROOT/fake/flushed-{{cmd}}-$2" ;;
                esac
                """);
        }
        Directory.CreateDirectory(node.RootPath("var/lib/cni/networks/cbr0"));
        File.WriteAllText(node.RootPath("var/lib/cni/networks/cbr0/10.244.1.5"), "container-id");
        Directory.CreateDirectory(node.RootPath("run/flannel"));
        File.WriteAllText(node.RootPath("run/flannel/subnet.env"), "FLANNEL_SUBNET=10.244.1.1/24\n");

        var definition = HomeCluster.Definition with { Nodes = [HomeCluster.Definition.Nodes[0] with { Name = "pi1" }] };
        var runner = new BootstrapRunner(new PhaseInputs(definition, new StateFolder(fixture.Base), "/nonexistent"), fixture.TransportOptions(), n => fixture.Endpoint(n.Name));
        var plan = runner.Plan([new ResetPhase(null)], null);
        var report = await runner.RunAsync(plan, new RecordingObserver(), CancellationToken.None);
        Assert.True(report.Succeeded, string.Join("\n", report.Failures));

        var log = File.ReadAllLines(calls);
        foreach (var cmd in new[] { "iptables-legacy", "iptables-nft", "ip6tables-nft" })
        {
            foreach (var table in ResetPhase.IptablesTables)
            {
                Assert.Contains($"{cmd} -t {table} -F", log);
                Assert.Contains($"{cmd} -t {table} -X", log);
            }
        }
        Assert.DoesNotContain("ip6tables-legacy -t raw -F", log);
        Assert.Contains("ip6tables-legacy -t nat -F", log);
        Assert.False(Directory.Exists(node.RootPath("var/lib/cni/networks")));
        Assert.False(Directory.Exists(node.RootPath("run/flannel")));

        // Nothing left: a second reset runs cleanly and changes nothing.
        var again = await runner.RunAsync(plan, new RecordingObserver(), CancellationToken.None);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
    }

    [Fact]
    public async Task Reset_deletes_kube_proxys_and_flannels_native_nftables_tables_and_leaves_iptables_nfts_own()
    {
        await using var fixture = await SshNodeFixture.StartAsync(["pi1"]);
        var node = fixture["pi1"];
        var calls = Path.Combine(fixture.ClusterState, "calls.log");
        FakeTools.Write(node.FakeBin, "kubeadm", $"echo \"kubeadm $*\" >> '{calls}'");
        FakeTools.Write(node.FakeBin, "ip", $"echo \"ip $*\" >> '{calls}'\n[ \"$2\" != show ] || exit 1");
        // FAKE nft (Fakes/nft.sh): kube-proxy's nftables mode and flannel's EnableNFTables tables, plus the ip filter
        // table iptables-nft keeps its rules in — that one belongs to the iptables step, not to this one.
        FakeScripts.Install(node.FakeBin, "nft");
        foreach (var cmd in ResetPhase.IptablesCommands) FakeTools.Write(node.FakeBin, cmd, "echo '-P INPUT ACCEPT'"); // no rules left
        File.WriteAllLines(node.RootPath("fake/nft-tables"), ["ip filter", "ip kube-proxy", "ip6 kube-proxy", "ip flannel-ipv4", "ip6 flannel-ipv6"]);

        var definition = HomeCluster.Definition with { Nodes = [HomeCluster.Definition.Nodes[0] with { Name = "pi1" }] };
        var runner = new BootstrapRunner(new PhaseInputs(definition, new StateFolder(fixture.Base), "/nonexistent"), fixture.TransportOptions(), n => fixture.Endpoint(n.Name));
        var plan = runner.Plan([new ResetPhase(null)], null);
        var observer = new RecordingObserver();
        var report = await runner.RunAsync(plan, observer, CancellationToken.None);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Contains(("pi1", ResetPhase.PhaseName, "nftables", StepOutcome.Done), observer.Finished);
        Assert.Equal(["ip filter"], File.ReadAllLines(node.RootPath("fake/nft-tables")));

        var again = await runner.RunAsync(plan, new RecordingObserver(), CancellationToken.None);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
    }
}
