using System.Diagnostics;
using System.Globalization;

namespace PiCluster.Render.Cli.Commands;

/// <summary>
/// render --verbose: how long each phase took (stderr, after the result), so a slow render can be placed — start-up of
/// the runtime and command line, the definition rules, building, the cluster rules, YAML, reading and writing the tree.
/// </summary>
public sealed class PhaseTimes(TimeProvider time)
{
    private readonly List<(string Phase, TimeSpan Took, long Methods, TimeSpan Jit)> phases = [];
    private readonly long startupMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan startupJit = System.Runtime.JitInfo.GetCompilationTime();
    private long lastMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
    private TimeSpan lastJit = System.Runtime.JitInfo.GetCompilationTime();
    private readonly DateTimeOffset commandStarted = time.GetLocalNow();
    private long last = time.GetTimestamp();

    /// <summary>Ends the current phase under <paramref name="phase"/> and starts the next.</summary>
    public void Done(string phase)
    {
        var now = time.GetTimestamp();
        // What the JIT compiled in the phase (methods ReadyToRun code did not cover): on a cold start the bulk of the time.
        var (methods, jit) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        phases.Add((phase, time.GetElapsedTime(last, now), methods - lastMethods, jit - lastJit));
        (last, lastMethods, lastJit) = (now, methods, jit);
    }

    /// <summary>One line per phase, the first being everything before the command ran (since the process started).</summary>
    public IEnumerable<string> Lines()
    {
        var startup = commandStarted - new DateTimeOffset(Process.GetCurrentProcess().StartTime);
        yield return Line("start-up: runtime, command line, services (process clock, ±10 ms)", startup, startupMethods, startupJit);
        foreach (var (phase, took, methods, jit) in phases) yield return Line(phase, took, methods, jit);
        yield return Line("total since the process started", startup + phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Took),
            startupMethods + phases.Sum(p => p.Methods), startupJit + phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Jit));
    }

    private static string Line(string phase, TimeSpan took, long methods, TimeSpan jit) =>
        string.Create(CultureInfo.InvariantCulture, $"time: {took.TotalMilliseconds,8:F1} ms  {phase} (JIT: {methods} methods, {jit.TotalMilliseconds:F1} ms)");
}
