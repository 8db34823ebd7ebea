using System.Diagnostics;

namespace PiCluster.IntegrationTests.Checkout;

/// <summary>
/// ./render, the documented fast path, on a copy of the checkout's sources: it publishes on first use, renders exactly
/// what `dotnet run --project generators render` committed, reuses the published build while nothing changed, and
/// publishes again after a source edit; its native (ahead-of-time) render writes the same bytes and takes over once
/// current. Real `dotnet publish` (Native AOT included), real sh; no timing asserted (the bench measures).
/// </summary>
public sealed class RenderFastPathTests
{
    private const string PublishingNote = "render: publishing the render tool";
    private const string BackgroundNote = "render: building the native render tool in the background";

    // render --verbose's last line counts the methods the JIT compiled in the whole process: none in the native build.
    private const string NoJit = "total since the process started (JIT: 0 methods";

    [Fact]
    public void Passes_shellcheck_as_posix_sh()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "render");
        Assert.StartsWith("#!/bin/sh\n", File.ReadAllText(path), StringComparison.Ordinal);
        var (code, output) = Shell.Run("shellcheck", ["--shell=sh", "--severity=style", path]);
        Assert.True(code == 0, "shellcheck render:\n" + output);
    }

    [Fact]
    public void An_unknown_RENDER_NATIVE_is_bad_input_before_anything_is_published_or_rendered()
    {
        using var temp = new TempDir();
        var root = CopySources(temp.Path);
        var output = Path.Combine(temp.Path, "out");

        var result = RunRender(root, Env.Unknown, "--out", output);

        Assert.Equal(2, result.Code);
        Assert.Contains("RENDER_NATIVE=nightly is not one of auto, 0, now", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, ".render")), "./render made .render/ for a value it refused");
        Assert.False(Directory.Exists(output), "./render rendered for a value it refused");
    }

    [Fact]
    public void Publishes_on_first_use_renders_the_committed_tree_and_republishes_after_an_edit()
    {
        using var temp = new TempDir();
        var root = CopySources(temp.Path);

        // First use publishes; a typo is still bad input (exit 2), and nothing is rendered.
        var typo = RunRender(root, Env.NoNative, "--chek");
        Assert.Equal(2, typo.Code);
        Assert.Contains(PublishingNote, typo.Output, StringComparison.Ordinal);
        Assert.Contains("Unknown option 'chek'", typo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, ".render", "bin", "PiCluster.Render.Cli")), "nothing published into .render/bin (the self-contained apphost)");

        var check = RunRender(root, Env.NoNative, "--check");
        Assert.True(check.Code == 0, check.Output);
        Assert.DoesNotContain(PublishingNote, check.Output, StringComparison.Ordinal);
        Assert.Contains("is up to date", check.Output, StringComparison.Ordinal);

        // A command name passes through to the render tool.
        var help = RunRender(root, Env.NoNative, "validate", "--help");
        Assert.True(help.Code == 0, help.Output);
        Assert.Contains("--rendered", help.Output, StringComparison.Ordinal);

        // Nothing changed: the published build is reused, and it writes byte for byte what is committed.
        var out2 = Path.Combine(temp.Path, "out");
        var second = RunRender(root, Env.NoNative, "--out", out2);
        Assert.True(second.Code == 0, second.Output);
        Assert.DoesNotContain(PublishingNote, second.Output, StringComparison.Ordinal);
        AssertSameTree(Path.Combine(root, "rendered"), out2);

        // An edit of the definition (newer than the stamp) republishes before rendering.
        var definition = Path.Combine(root, "cluster", "HomeCluster.cs");
        File.AppendAllText(definition, "\n// edited\n");
        File.SetLastWriteTimeUtc(definition, DateTime.UtcNow.AddSeconds(5));
        var third = RunRender(root, Env.NoNative, "--check");
        Assert.True(third.Code == 0, third.Output);
        Assert.Contains(PublishingNote, third.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_render_writes_the_committed_tree_and_takes_over_after_an_edit_once_built_in_the_background()
    {
        using var temp = new TempDir();
        var root = CopySources(temp.Path);

        // RENDER_NATIVE=now builds the native render in the foreground and runs it: the committed tree byte for byte,
        // no method JIT-compiled, and the ReadyToRun build never needed.
        var out1 = Path.Combine(temp.Path, "out1");
        var first = RunRender(root, Env.NativeNow, "--out", out1);
        Assert.True(first.Code == 0, first.Output);
        AssertSameTree(Path.Combine(root, "rendered"), out1);
        Assert.False(Directory.Exists(Path.Combine(root, ".render", "bin")), "RENDER_NATIVE=now published the ReadyToRun build too");
        // The binary alone: no debug symbols of the referenced projects, no libgit2 (render never touches git).
        Assert.Equal(["PiCluster.Render.Cli"], Directory.GetFileSystemEntries(Path.Combine(root, ".render", "native")).Select(Path.GetFileName));
        var check = RunRender(root, Env.Auto, "--check", "--verbose");
        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("is up to date", check.Output, StringComparison.Ordinal);
        Assert.Contains(NoJit, check.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(PublishingNote, check.Output, StringComparison.Ordinal);

        // The native build is render alone: a typo is bad input there too, and another command goes to the ReadyToRun build.
        var typo = RunRender(root, Env.Auto, "--chek");
        Assert.Equal(2, typo.Code);
        Assert.Contains("Unknown option 'chek'", typo.Output, StringComparison.Ordinal);
        var help = RunRender(root, Env.Auto, "validate", "--help");
        Assert.True(help.Code == 0, help.Output);
        Assert.Contains(PublishingNote, help.Output, StringComparison.Ordinal);
        Assert.Contains("--rendered", help.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(BackgroundNote, help.Output, StringComparison.Ordinal);

        // An edit makes the native build stale: the ReadyToRun build is published again and renders (JIT at work), and the
        // native build starts in the background.
        var definition = Path.Combine(root, "cluster", "HomeCluster.cs");
        var edited = EditThenRender(root, definition, "\n// edited\n", Env.Auto, "--check", "--verbose");
        Assert.Contains(PublishingNote, edited.Output, StringComparison.Ordinal);
        Assert.Contains(BackgroundNote, edited.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(NoJit, edited.Output, StringComparison.Ordinal);

        // Once the background build is done, render runs it: the edited sources, still the committed tree, no JIT.
        var stamp = Path.Combine(root, ".render", "native.stamp");
        var failed = Path.Combine(root, ".render", "native.failed");
        WaitForBackgroundBuild(root, "the background native build", () =>
        {
            Assert.False(File.Exists(failed), "the background native build failed: " + ReadOrEmpty(Path.Combine(root, ".render", "native.log")));
            return File.GetLastWriteTimeUtc(stamp) >= File.GetLastWriteTimeUtc(definition);
        });
        var after = RunRender(root, Env.Auto, "--check", "--verbose");
        Assert.True(after.Code == 0, after.Output);
        Assert.Contains(NoJit, after.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(BackgroundNote, after.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(PublishingNote, after.Output, StringComparison.Ordinal);

        // Without a linker (no gcc or clang: a property of the ILCompiler package, given here as an environment variable)
        // the background build fails; the ReadyToRun build keeps rendering, the next render says so once, and nothing
        // is tried again for the same sources.
        var broken = EditThenRender(root, definition, "// edited again\n", Env.AutoWithoutLinker, "--check");
        Assert.Contains(BackgroundNote, broken.Output, StringComparison.Ordinal);
        WaitForBackgroundBuild(root, "the background native build without a linker", () => File.Exists(failed));
        Assert.Contains("no-such-cc", ReadOrEmpty(Path.Combine(root, ".render", "native.log")), StringComparison.Ordinal);
        Assert.Equal(["native"], Directory.GetDirectories(Path.Combine(root, ".render"), "native*").Select(Path.GetFileName).Where(name => name != "native-artifacts"));
        var said = RunRender(root, Env.AutoWithoutLinker, "--check", "--verbose");
        Assert.True(said.Code == 0, said.Output);
        Assert.Contains("render: the native build failed for these sources", said.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(NoJit, said.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(BackgroundNote, said.Output, StringComparison.Ordinal);
        var once = RunRender(root, Env.AutoWithoutLinker, "--check");
        Assert.True(once.Code == 0, once.Output);
        Assert.DoesNotContain("native build failed", once.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(BackgroundNote, once.Output, StringComparison.Ordinal);

        // An edit after the failure (the same files, other content) tries again.
        var retried = EditThenRender(root, definition, "// edited a third time\n", Env.AutoWithoutLinker, "--check");
        Assert.Contains(BackgroundNote, retried.Output, StringComparison.Ordinal);
        // Ended when it failed anew for the edited sources (waiting for the lock alone could look before the build takes it).
        WaitForBackgroundBuild(root, "the retried native build", () => File.GetLastWriteTimeUtc(failed) >= File.GetLastWriteTimeUtc(definition));
    }

    /// <summary>Edits <paramref name="definition"/> and runs ./render, which must succeed.</summary>
    private static (int Code, string Output) EditThenRender(string root, string definition, string text, Env env, params string[] args)
    {
        Thread.Sleep(TimeSpan.FromSeconds(1.1)); // newer than every stamp, whatever the file system's timestamp resolution
        File.AppendAllText(definition, text);
        var result = RunRender(root, env, args);
        Assert.True(result.Code == 0, result.Output);
        return result;
    }

    /// <summary>
    /// Waits (10 minutes at most) until the background native build holds no lock and <paramref name="ended"/> says its
    /// outcome is on disk; the log is in the message when it does not.
    /// </summary>
    private static void WaitForBackgroundBuild(string root, string what, Func<bool> ended)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (Directory.Exists(Path.Combine(root, ".render", "native.lock")) || !ended())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not end in 10 minutes: " + ReadOrEmpty(Path.Combine(root, ".render", "native.log")));
            Thread.Sleep(TimeSpan.FromSeconds(2));
        }
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    /// <summary>RENDER_NATIVE for a run of ./render.</summary>
    private enum Env
    {
        /// <summary>0: the ReadyToRun build only, nothing started in the background.</summary>
        NoNative,

        /// <summary>auto, the default.</summary>
        Auto,

        /// <summary>now: the native build made in the foreground when stale.</summary>
        NativeNow,

        /// <summary>auto, on a machine whose C toolchain (the native build's linker) is missing.</summary>
        AutoWithoutLinker,

        /// <summary>nightly: not a value ./render knows.</summary>
        Unknown,
    }

    private static (int Code, string Output) RunRender(string root, Env native, params string[] args)
    {
        var start = Tools.StartInfo("sh", [Path.Combine(root, "render"), .. args]);
        start.WorkingDirectory = root;
        start.Environment["RENDER_NATIVE"] = native switch { Env.NoNative => "0", Env.NativeNow => "now", Env.Unknown => "nightly", _ => "auto" };
        // MSBuild reads the environment as properties: the ILCompiler package's linker setting, pointed at nothing.
        if (native == Env.AutoWithoutLinker) start.Environment["CppCompilerAndLinker"] = "no-such-cc";
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
