using System.Diagnostics;

namespace PiCluster.UnitTests.Cli;

/// <summary>
/// The one unit test that starts a process: whether a person can answer is decided by Program from the real stdin and
/// stdout (in process, the test console stands in for that decision). With stdin redirected, a destructive command
/// must not wait for an answer nobody can type, and refuses without --yes (exit 2, nothing ran).
/// </summary>
public sealed class RedirectedStdinTests
{
    [Fact]
    public async Task Reset_with_a_redirected_stdin_asks_nobody_and_needs_yes()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.RepoRoot };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "PiCluster.Bootstrap.dll"), "reset", "--node", "pi3", "--ssh-key", "/nonexistent" }) start.ArgumentList.Add(arg);
        using var process = Tools.Start(start);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token); // a prompt would wait for an answer nobody can type

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("This wipes Kubernetes from pi3", await stdout);
        Assert.Equal("error: not a terminal, so no confirmation possible; pass --yes to go ahead.\n", await stderr);
    }

    [Fact]
    public void It_is_the_only_unit_test_that_starts_a_process_of_its_own()
    {
        // The CLIs run in process (RenderTool, BootstrapTool); cluster scripts run under `sh` through TestSupport's Shell.
        var starting = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "tests", "PiCluster.UnitTests"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => File.ReadAllText(p) is var text && (text.Contains("new ProcessStartInfo(", StringComparison.Ordinal) || text.Contains("Process.Start(", StringComparison.Ordinal)))
            .Select(Path.GetFileName);

        Assert.Equal([nameof(RedirectedStdinTests) + ".cs"], starting);
    }
}
