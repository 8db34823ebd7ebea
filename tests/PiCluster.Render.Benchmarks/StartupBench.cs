using System.Globalization;
using Spectre.Console;

namespace PiCluster.Render.Benchmarks;

/// <summary>
/// --startup: whole-process times (start to exit, medians), what a user waits for. The home cluster through the fast
/// path (./render: its native build in .render/native, and its ReadyToRun build in .render/bin, which renders right
/// after an edit until the native one is current), the old path (the plain Release build) and `dotnet run`, warm and
/// with the page cache dropped (root only); the synthetic trees of 7, 1000 and 2000 services through the same kinds of
/// build of this benchmark's `--services N`; and cdk8s's synth of the reference set beside them when node and cdk8s are
/// there.
/// </summary>
public static class StartupBench
{
    private static readonly int[] Sizes = [7, 1000, 2000];

    public static int Run(BenchSettings settings, string tempRoot)
    {
        var root = RepositoryRoot.FindFrom(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"no {RepositoryRoot.Marker} above {AppContext.BaseDirectory}: run the bench from the checkout");
        var runs = settings.Runs;
        var cold = ProcessTimer.CanDropCaches && !settings.NoCold;
        var quiet = new Dictionary<string, string> { ["RENDER_QUIET"] = "1", ["RENDER_NATIVE"] = "0" };
        var native = new Dictionary<string, string> { ["RENDER_QUIET"] = "1", ["RENDER_NATIVE"] = "now" };

        Console.WriteLine("Preparing: ./render publishes on first use (both builds); the Release builds of the CLI and of this bench; the bench published like ./render (both builds) ...");
        var firstUse = ProcessTimer.Once(new TimedCommand("./render (first use or stale: publish, then render --check)", Path.Combine(root, "render"), ["--check"], root, quiet));
        var firstNative = ProcessTimer.Once(new TimedCommand("./render native build (first use or stale: build, then render --check)", Path.Combine(root, "render"), ["--check"], root, native));
        Build(root, "dotnet", "build", "generators", "-c", "Release", "-nologo", "-v", "q");
        Build(root, "dotnet", "publish", "tests/PiCluster.Render.Benchmarks", "-c", "Release", "--use-current-runtime", "--self-contained", "true",
            "-p:PublishReadyToRun=true", "-p:PublishReadyToRunComposite=true", "--artifacts-path", Path.Combine(root, ".render", "artifacts"), "-o", Path.Combine(root, ".render", "bench"), "-nologo", "-v", "q");
        Build(root, "dotnet", "publish", "tests/PiCluster.Render.Benchmarks", "-c", "Release", "--use-current-runtime", "-p:RenderNative=true",
            "--artifacts-path", Path.Combine(root, ".render", "native-artifacts"), "-o", Path.Combine(root, ".render", "bench-native"), "-nologo", "-v", "q");
        Build(root, "dotnet", "build", "generators", "-nologo", "-v", "q");

        var cli = Path.Combine(root, "generators", "bin", "Release", "net10.0", "PiCluster.Render.Cli.dll");
        // Redirected output (a log, a report) gets full-width tables instead of 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        var outDir = Path.Combine(tempRoot, "picluster-startup-" + Guid.NewGuid().ToString("N"), "rendered");
        var home = new Table().AddColumns("home cluster, whole process", "command", $"warm, median of {runs} (ms)", cold ? $"cold page cache, median of {runs} (ms)" : "cold page cache");
        void Home(TimedCommand command, bool withCold)
        {
            var warm = ProcessTimer.Median(command, runs);
            var dropped = withCold && cold ? ProcessTimer.Median(command, runs, cold: true).ToString("F0", CultureInfo.InvariantCulture) : "-";
            var display = command.Display.Replace(outDir, "<temp>/rendered", StringComparison.Ordinal).Replace(root + "/", "", StringComparison.Ordinal);
            home.AddRow(Markup.Escape(command.Label), Markup.Escape(display), warm.ToString("F0", CultureInfo.InvariantCulture), dropped);
        }
        try
        {
            Home(new TimedCommand("fast path, native build: render --check", Path.Combine(root, "render"), ["--check"], root, native), withCold: true);
            Home(new TimedCommand("fast path, native build: render (write)", Path.Combine(root, "render"), ["--out", outDir], root, native), withCold: false);
            Home(new TimedCommand("fast path, ReadyToRun build: render --check", Path.Combine(root, "render"), ["--check"], root, quiet), withCold: true);
            Home(new TimedCommand("fast path, ReadyToRun build: render (write)", Path.Combine(root, "render"), ["--out", outDir], root, quiet), withCold: false);
            Home(new TimedCommand("old path: Release build, render --check", "dotnet", [cli, "render", "--check"], root), withCold: true);
            Home(new TimedCommand("old path: Release build, render (write)", "dotnet", [cli, "render", "--out", outDir], root), withCold: false);
            Home(new TimedCommand("dotnet run, nothing changed: render --check", "dotnet", ["run", "--project", "generators", "render", "--check"], root), withCold: false);
        }
        finally
        {
            var parent = Path.GetDirectoryName(outDir)!;
            if (Directory.Exists(parent)) Directory.Delete(parent, recursive: true);
        }
        AnsiConsole.Write(home);
        Console.WriteLine($"First use of ./render here (publish if stale, then render --check): ReadyToRun {firstUse:F0} ms, native {firstNative:F0} ms.");
        Console.WriteLine(cold ? "Cold: `sync; echo 3 > /proc/sys/vm/drop_caches` before each run." : ProcessTimer.CanDropCaches ? "Cold runs skipped (--no-cold)." : "Cold runs need root (to drop the page cache); not measured.");

        var reason = "not asked for (--cdk8s DIR or --install-cdk8s)";
        var cdk8s = settings.Cdk8s is not null || settings.InstallCdk8s ? Cdk8sReference.Prepare(settings.Cdk8s, settings.InstallCdk8s, tempRoot, out reason) : null;
        var fastBench = Path.Combine(root, ".render", "bench", "PiCluster.Render.Benchmarks");
        var nativeBench = Path.Combine(root, ".render", "bench-native", "PiCluster.Render.Benchmarks");
        var ownBench = Path.Combine(AppContext.BaseDirectory, "PiCluster.Render.Benchmarks.dll");
        var trees = new Table().AddColumns("services", "native (ms)", "ReadyToRun (ms)", "plain build (ms)", "dotnet run -c Release (ms)", "cdk8s synth, 7 objects/service (ms)", "cdk8s ÷ native", "cdk8s ÷ ReadyToRun");
        foreach (var n in Sizes)
        {
            var count = n.ToString(CultureInfo.InvariantCulture);
            var aot = ProcessTimer.Median(new TimedCommand("", nativeBench, ["--services", count, "--temp", tempRoot], root), runs);
            var fast = ProcessTimer.Median(new TimedCommand("", fastBench, ["--services", count, "--temp", tempRoot], root), runs);
            var plain = ProcessTimer.Median(new TimedCommand("", "dotnet", [ownBench, "--services", count, "--temp", tempRoot], root), runs);
            var run = ProcessTimer.Median(new TimedCommand("", "dotnet", ["run", "-c", "Release", "--project", "tests/PiCluster.Render.Benchmarks", "--", "--services", count, "--temp", tempRoot], root), runs);
            var synth = "-";
            var ratio = "-";
            var nativeRatio = "-";
            if (cdk8s is not null)
            {
                var synthOut = Path.Combine(tempRoot, "picluster-cdk8s-out-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var ms = ProcessTimer.Median(Cdk8sReference.Synth(cdk8s, n, synthOut), runs);
                    synth = ms.ToString("F0", CultureInfo.InvariantCulture);
                    ratio = (ms / fast).ToString("F1", CultureInfo.InvariantCulture) + "×";
                    nativeRatio = (ms / aot).ToString("F1", CultureInfo.InvariantCulture) + "×";
                }
                finally
                {
                    if (Directory.Exists(synthOut)) Directory.Delete(synthOut, recursive: true);
                }
            }
            trees.AddRow(count, aot.ToString("F0", CultureInfo.InvariantCulture), fast.ToString("F0", CultureInfo.InvariantCulture), plain.ToString("F0", CultureInfo.InvariantCulture), run.ToString("F0", CultureInfo.InvariantCulture), synth, nativeRatio, ratio);
        }
        AnsiConsole.Write(trees);
        Console.WriteLine("Synthetic trees: this bench's `--services N` (validate, build, rules, YAML, atomic write under --temp) as a whole process.");
        if (cdk8s is null) Console.WriteLine($"cdk8s: {reason}.");
        return 0;
    }

    private static void Build(string root, string fileName, params string[] arguments)
    {
        ProcessTimer.Once(new TimedCommand("build", fileName, arguments, root));
    }
}
