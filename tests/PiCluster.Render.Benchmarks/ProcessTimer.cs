using System.Diagnostics;

namespace PiCluster.Render.Benchmarks;

/// <summary>One command line timed as a whole process (start to exit, output discarded), warm or after dropping the page cache.</summary>
public sealed record TimedCommand(string Label, string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string>? Environment = null)
{
    public string Display => $"{FileName} {string.Join(' ', Arguments)}";
}

public static class ProcessTimer
{
    private const string DropCaches = "/proc/sys/vm/drop_caches";

    /// <summary>Dropping the page cache needs root (and affects the whole machine: every process reads from disk again).</summary>
    public static bool CanDropCaches => Environment.IsPrivilegedProcess && File.Exists(DropCaches);

    /// <summary>Runs the command once (a failure stops the bench: a timing of an error is no figure) and returns its wall time in ms.</summary>
    public static double Once(TimedCommand command, bool cold = false)
    {
        if (cold)
        {
            using (Process.Start("sync")!) { }
            File.WriteAllText(DropCaches, "3\n");
        }
        var start = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in command.Environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command.Display}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var ms = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command.Display} exited {process.ExitCode}:\n{stdout.Result}{stderr.Result}");
        return ms;
    }

    /// <summary>Median of <paramref name="runs"/> runs; warm runs follow one untimed run that fills the page cache.</summary>
    public static double Median(TimedCommand command, int runs, bool cold = false)
    {
        if (!cold) Once(command);
        var times = Enumerable.Range(0, Math.Max(1, runs)).Select(_ => Once(command, cold)).Order().ToList();
        return times[times.Count / 2];
    }
}
