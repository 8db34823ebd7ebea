using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using PiCluster.CommandLine;
using Spectre.Console.Testing;

namespace PiCluster.IntegrationTests.Nodes;

public sealed class ProgressViewTests
{
    [Fact]
    public void Plain_lines_name_node_phase_step_and_outcome()
    {
        var output = new StringWriter { NewLine = "\n" };
        var view = new PlainProgressView(output);

        view.StepFinished("pi3", "nodes", "packages", StepOutcome.Done, TimeSpan.FromSeconds(41.2), null);
        view.StepFinished("pi3", "nodes", "sysctls", StepOutcome.Skipped, TimeSpan.FromSeconds(0.04), null);
        view.StepFinished("pi4", "kubeadm", "kubeadm-join", StepOutcome.Failed, TimeSpan.FromSeconds(3), "connection lost");

        Assert.Equal(
            "pi3    nodes    packages               changed [41.2s]\n" +
            "pi3    nodes    sysctls                ok (already done) [0.0s]\n" +
            "pi4    kubeadm  kubeadm-join           FAILED: connection lost [3.0s]\n",
            output.ToString());
    }

    [Fact]
    public async Task A_run_with_the_plain_view_prints_and_returns_the_report()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 2);
        var runner = cluster.Runner();

        var console = new TestConsole().Width(200);
        var report = await runner.RunWithViewAsync(runner.Plan([new SleepPhase(1)], null), new RunOutput(console, new StandardError(TextWriter.Null)), CancellationToken.None);

        Assert.True(report.Succeeded);
        Assert.Contains("pi0    sleep    sleep-1                changed", console.Output);
        Assert.Contains("Done: 2 step(s) changed the cluster.", console.Output);
        Assert.Equal([("pi0", 1, 0, 0), ("pi1", 1, 0, 0)], report.Nodes.Select(n => (n.Node, n.Done, n.Skipped, n.Failed)));
        Assert.NotNull(SummaryTable.Build(report));
    }
}
