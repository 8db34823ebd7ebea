using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.IntegrationTests.Lifecycle;

/// <summary>
/// Adding a Pi: the user adds `new Node("pi6", …)` to the model, makes its card and runs `bootstrap cluster --node pi6`.
/// Seven loopback sshd nodes (FAKE binaries), six of them a running cluster: pi6 joins alone and the six are only read.
/// </summary>
public sealed class AddWorkerTests
{
    public static readonly Node Pi6 = new("pi6", "192.168.50.231", NodeRole.Worker);

    [Fact]
    public async Task A_seventh_node_joins_alone_and_the_six_running_nodes_are_only_read()
    {
        await using var six = await TestCluster.StartAsync(6, spareNodes: [Pi6.Name]);
        var first = await six.RunAsync(BootstrapPhases.Cluster);
        Assert.True(first.Succeeded, string.Join("\n", first.Failures));
        var names = six.Definition.Nodes.Select(n => n.Name).ToList();
        var changes = names.ToDictionary(n => n, n => FakeBinaries.Changes(six[n]));
        var calls = names.ToDictionary(n => n, n => File.ReadAllLines(six[n].RootPath("fake/calls.log")));
        var transport = names.ToDictionary(n => n, n => File.ReadAllLines(Path.Combine(six.Fixture.LogFolder, n + ".log")));

        // `bootstrap cluster --node pi6` with pi6 in the model.
        var seven = six.With(six.Definition with { Nodes = [.. six.Definition.Nodes, Pi6] });
        var observer = new RecordingObserver();
        var report = await seven.RunAsync(BootstrapPhases.Cluster, only: Pi6.Name, observer: observer);

        // The NAS still exports to the six: pi6 joins, then its NFS check names the server line to add.
        var nfs = Assert.Single(report.Failures);
        Assert.Equal("pi6", nfs.Node);
        Assert.StartsWith("nfs-client ", nfs.Step);
        Assert.Contains($"does not let pi6 ({Pi6.Address}) mount export", nfs.Message);
        Assert.Contains($"add {Pi6.Address}(rw,sync,no_subtree_check,no_root_squash) to the /etc/exports line of", nfs.Message);
        Assert.Contains("Nfs.Exports[", nfs.Message);

        // The operator adds the line on the server (what rendered/README.md lists for seven nodes) and reruns.
        TestCluster.ServeNfs(seven.Fixture, seven.Definition);
        var rerun = new RecordingObserver();
        report = await seven.RunAsync(BootstrapPhases.Cluster, only: Pi6.Name, observer: rerun);
        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Contains(rerun.Finished, f => f.Node == "pi6" && f.Step.StartsWith("nfs-client ", StringComparison.Ordinal) && f.Outcome != StepOutcome.Failed);
        Assert.Equal([Pi6.Name], report.Nodes.Select(n => n.Node));
        Assert.Contains(observer.Finished, f => f is { Node: "pi6", Step: "kubeadm-join", Outcome: StepOutcome.Done });
        // One wait for pi6's own Ready, after its join (asked on pi0; the other nodes are not waited for).
        var ready = Assert.Single(observer.Finished, f => f.Step is "node-ready" or "nodes-ready");
        Assert.Equal(("pi6", "node-ready"), (ready.Node, ready.Step));
        Assert.NotEqual(StepOutcome.Failed, ready.Outcome);
        Assert.True(observer.Finished.IndexOf(ready) > observer.Finished.FindIndex(f => f is { Node: "pi6", Step: "kubeadm-join" }));
        Assert.True(File.Exists(seven[Pi6.Name].RootPath("etc/kubernetes/kubelet.conf")));
        Assert.True(File.Exists(Path.Combine(seven.Fixture.ClusterState, "nodes", Pi6.Name)), "pi6 is a Node of the cluster");
        Assert.Contains(FakeBinaries.Changes(seven[Pi6.Name]), c => c.StartsWith("reboot", StringComparison.Ordinal));

        foreach (var worker in names.Where(n => n != "pi0"))
        {
            // Not even connected to: no command reached them, nothing changed.
            Assert.Equal(transport[worker], File.ReadAllLines(Path.Combine(six.Fixture.LogFolder, worker + ".log")));
            Assert.Equal(calls[worker], File.ReadAllLines(six[worker].RootPath("fake/calls.log")));
            Assert.Equal(changes[worker], FakeBinaries.Changes(six[worker]));
        }
        // The control plane was asked (is pi6 registered, is it Ready) and made a fresh join token; nothing else changed there.
        var pi0Changes = FakeBinaries.Changes(six["pi0"]);
        Assert.Equal([.. changes["pi0"], "kubeadm token create"], pi0Changes);
        var newCalls = File.ReadAllLines(six["pi0"].RootPath("fake/calls.log")).Skip(calls["pi0"].Length).ToList();
        Assert.NotEmpty(newCalls);
        Assert.All(newCalls, c => Assert.True(
            c.StartsWith("kubeadm token create", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(c, @"^(kubectl --kubeconfig \S+|fake-kubectl-day2) get "),
            $"pi0 ran more than a read: {c}"));

        // A second run for pi6 changes nothing anywhere.
        var again = await seven.RunAsync(BootstrapPhases.Cluster, only: Pi6.Name);
        Assert.True(again.Succeeded, string.Join("\n", again.Failures));
        Assert.Equal(0, again.Actions);
        Assert.Equal(pi0Changes, FakeBinaries.Changes(six["pi0"]));
    }
}
