using System.Diagnostics;

namespace PiCluster.IntegrationTests.Checkout;

/// <summary>
/// ./render, the documented fast path, on a copy of the checkout's sources: it publishes on first use, renders exactly
/// what `dotnet run --project generators render` committed, reuses the published build while nothing changed, and
/// publishes again after a source edit. Real `dotnet publish`, real sh; no timing asserted (the bench measures).
/// </summary>
public sealed class RenderFastPathTests
{
    private const string PublishingNote = "render: publishing the render tool";

    [Fact]
    public void Passes_shellcheck_as_posix_sh()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "render");
        Assert.StartsWith("#!/bin/sh\n", File.ReadAllText(path), StringComparison.Ordinal);
        var (code, output) = Shell.Run("shellcheck", ["--shell=sh", "--severity=style", path]);
        Assert.True(code == 0, "shellcheck render:\n" + output);
    }

    [Fact]
    public void Publishes_on_first_use_renders_the_committed_tree_and_republishes_after_an_edit()
    {
        using var temp = new TempDir();
        var root = CopySources(temp.Path);

        // First use publishes; a typo is still bad input (exit 2), and nothing is rendered.
        var typo = RunRender(root, "--chek");
        Assert.Equal(2, typo.Code);
        Assert.Contains(PublishingNote, typo.Output, StringComparison.Ordinal);
        Assert.Contains("Unknown option 'chek'", typo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, ".render", "bin", "PiCluster.Render.Cli")), "nothing published into .render/bin (the self-contained apphost)");

        var check = RunRender(root, "--check");
        Assert.True(check.Code == 0, check.Output);
        Assert.DoesNotContain(PublishingNote, check.Output, StringComparison.Ordinal);
        Assert.Contains("is up to date", check.Output, StringComparison.Ordinal);

        // A command name passes through to the render tool.
        var help = RunRender(root, "validate", "--help");
        Assert.True(help.Code == 0, help.Output);
        Assert.Contains("--rendered", help.Output, StringComparison.Ordinal);

        // Nothing changed: the published build is reused, and it writes byte for byte what is committed.
        var out2 = Path.Combine(temp.Path, "out");
        var second = RunRender(root, "--out", out2);
        Assert.True(second.Code == 0, second.Output);
        Assert.DoesNotContain(PublishingNote, second.Output, StringComparison.Ordinal);
        AssertSameTree(Path.Combine(root, "rendered"), out2);

        // An edit of the definition (newer than the stamp) republishes before rendering.
        var definition = Path.Combine(root, "cluster", "HomeCluster.cs");
        File.AppendAllText(definition, "\n// edited\n");
        File.SetLastWriteTimeUtc(definition, DateTime.UtcNow.AddSeconds(5));
        var third = RunRender(root, "--check");
        Assert.True(third.Code == 0, third.Output);
        Assert.Contains(PublishingNote, third.Output, StringComparison.Ordinal);
    }

    private static (int Code, string Output) RunRender(string root, params string[] args)
    {
        var start = Tools.StartInfo("sh", [Path.Combine(root, "render"), .. args]);
        start.WorkingDirectory = root;
        using var process = Tools.Start(start);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("./render " + string.Join(' ', args) + " did not finish");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>What ./render is built from (cluster/, generators/, the root's build files) and the committed tree.</summary>
    private static string CopySources(string temp)
    {
        var root = Path.Combine(temp, "checkout");
        Directory.CreateDirectory(root);
        foreach (var file in Directory.GetFiles(TestPaths.RepoRoot)) File.Copy(file, Path.Combine(root, Path.GetFileName(file)));
        foreach (var folder in new[] { "cluster", "generators", "rendered" }) CopyFolder(Path.Combine(TestPaths.RepoRoot, folder), Path.Combine(root, folder));
        return root;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj") continue;
            CopyFolder(dir, Path.Combine(to, name));
        }
    }

    private static void AssertSameTree(string expected, string actual)
    {
        static string[] Files(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Files(expected), Files(actual));
        foreach (var file in Files(expected))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), file + " differs from the committed tree");
        }
    }
}
