using System.Text.RegularExpressions;
using PiCluster.Cluster;

namespace PiCluster.UnitTests.Cli;

/// <summary>render --verbose says where the time went, phase by phase, on stderr; without it, nothing of the kind.</summary>
public sealed class RenderPhaseTimesTests
{
    private static readonly string[] RenderPhases =
    [
        "start-up: runtime, command line, services",
        "read cluster/Flux/install.yaml",
        "definition rules (PI0xxx)",
        "build objects",
        "folder index, objects to JSON",
        "cluster rules (PI1xxx)",
        "JSON to YAML",
        "overview (README.md)",
    ];

    [Fact]
    public void Verbose_render_prints_each_phase_in_order_then_the_total()
    {
        using var temp = new TempDir();

        var run = RenderTool.Run(HomeCluster.Definition, TestPaths.Checkout, "render", "--verbose", "--out", temp.Sub("rendered"));

        Assert.Equal(0, run.Code);
        var phases = Phases(run.Error);
        Assert.Equal([.. RenderPhases, "write the tree (staging folder, swap)", "total since the process started"], phases);
        Assert.DoesNotContain("time:", run.Out);
    }

    [Fact]
    public void Verbose_check_times_reading_and_comparing_instead_of_writing()
    {
        using var temp = new TempDir();
        Assert.Equal(0, RenderTool.Run(HomeCluster.Definition, TestPaths.Checkout, "render", "--out", temp.Sub("rendered")).Code);

        var run = RenderTool.Run(HomeCluster.Definition, TestPaths.Checkout, "render", "--check", "--verbose", "--out", temp.Sub("rendered"));

        Assert.Equal(0, run.Code);
        Assert.Equal([.. RenderPhases, "read the tree on disk", "compare", "total since the process started"], Phases(run.Error));
    }

    [Fact]
    public void Without_verbose_no_times_are_printed()
    {
        using var temp = new TempDir();

        var run = RenderTool.Run(HomeCluster.Definition, TestPaths.Checkout, "render", "--out", temp.Sub("rendered"));

        Assert.Equal(0, run.Code);
        Assert.DoesNotContain("time:", run.Output);
    }

    /// <summary>The phase names of the "time: N ms  phase (JIT: M methods, T ms)" lines, each checked to carry the numbers.</summary>
    private static List<string> Phases(string stderr)
    {
        var lines = stderr.Split('\n').Where(line => line.StartsWith("time: ", StringComparison.Ordinal)).ToList();
        foreach (var line in lines) Assert.Matches(TimeLine, line);
        return lines.Select(line => TimeLine.Match(line).Groups[1].Value).ToList();
    }

    private static readonly Regex TimeLine = new(@"^time: +-?[0-9]+\.[0-9] ms  (.+?)(?: \(process clock, ±10 ms\))? \(JIT: [0-9]+ methods, [0-9]+\.[0-9] ms\)$");
}
