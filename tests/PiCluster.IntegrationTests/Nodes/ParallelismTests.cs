using System.Diagnostics;
using PiCluster.Bootstrap.Run;

namespace PiCluster.IntegrationTests.Nodes;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}

/// <summary>Independent nodes run in parallel. Loose bound here; bench-nodes (tests/PiCluster.Nodes.Benchmarks) measures precisely.</summary>
[Collection(TimingCollection.Name)]
public sealed class ParallelismTests
{
    [Fact]
    public async Task Six_nodes_whose_steps_each_take_a_second_finish_in_about_the_time_of_one()
    {
        var one = await TimeAsync(nodeCount: 1);
        var six = await TimeAsync(nodeCount: 6);

        Assert.True(one >= TimeSpan.FromSeconds(2), $"one node took {one}");
        Assert.True(six <= one * 1.5, $"six nodes took {six.TotalSeconds:0.00}s, one node {one.TotalSeconds:0.00}s");
    }

    [Fact]
    public async Task A_rerun_of_the_sleep_phase_does_no_action_and_is_fast()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 6);
        await cluster.RunAsync([new SleepPhase()]);

        var clock = Stopwatch.StartNew();
        var again = await cluster.RunAsync([new SleepPhase()]);

        Assert.Equal(0, again.Actions);
        Assert.Equal(12, again.Nodes.Sum(n => n.Skipped));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"rerun took {clock.Elapsed}");
    }

    private static async Task<TimeSpan> TimeAsync(int nodeCount)
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount);
        var clock = Stopwatch.StartNew();
        var report = await cluster.RunAsync([new SleepPhase()]);
        clock.Stop();
        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(2 * nodeCount, report.Actions);
        return clock.Elapsed;
    }
}
