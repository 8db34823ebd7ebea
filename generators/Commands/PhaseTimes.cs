using System.Diagnostics;
using System.Globalization;

namespace PiCluster.Render.Cli.Commands;

/// <summary>
/// render --verbose: how long each phase took (stderr, after the result), so a slow render can be placed — start-up of
/// the runtime and command line, the definition rules, building, the cluster rules, YAML, reading and writing the tree.
/// </summary>
public sealed class PhaseTimes(TimeProvider time)
{
    private readonly List<(string Phase, TimeSpan Took)> phases = [];
    private readonly DateTimeOffset commandStarted = time.GetLocalNow();
    private long last = time.GetTimestamp();

    /// <summary>Ends the current phase under <paramref name="phase"/> and starts the next.</summary>
    public void Done(string phase)
    {
        var now = time.GetTimestamp();
        phases.Add((phase, time.GetElapsedTime(last, now)));
        last = now;
    }

    /// <summary>One line per phase, the first being everything before the command ran (since the process started).</summary>
    public IEnumerable<string> Lines()
    {
        var startup = commandStarted - new DateTimeOffset(Process.GetCurrentProcess().StartTime);
        yield return Line("start-up: runtime, command line, services (process clock, ±10 ms)", startup);
        foreach (var (phase, took) in phases) yield return Line(phase, took);
        yield return Line("total since the process started", startup + phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Took));
    }

    private static string Line(string phase, TimeSpan took) =>
        string.Create(CultureInfo.InvariantCulture, $"time: {took.TotalMilliseconds,8:F1} ms  {phase}");
}
