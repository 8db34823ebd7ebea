using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PiCluster.Render.Charts;

/// <summary>helm is missing or too old; the message says where to get it. Exit 2: nothing was checked.</summary>
public sealed class HelmMissingException(string message) : Exception(message);

/// <summary>What one helm run printed.</summary>
public sealed record HelmResult(int ExitCode, string Output, string Error);

/// <summary>
/// The helm executable: found on PATH (from the injected environment), version 3 or 4, run with an argument list (no
/// shell). Only the --charts modes and charts pull-free expansion need it; nothing else in the render tool does.
/// </summary>
public sealed partial class HelmTool
{
    /// <summary>Where users get helm, for the missing-helm message and the README.</summary>
    public const string InstallHint =
        "Install helm 3 or 4: a release binary from https://github.com/helm/helm/releases (see https://helm.sh/docs/intro/install/), " +
        "or your system's package manager (e.g. brew install helm); then make sure `helm` is on PATH. Without --charts nothing needs helm.";

    private HelmTool(string path, string version) => (Path, Version) = (path, version);

    public string Path { get; }

    /// <summary>"v4.1.4".</summary>
    public string Version { get; }

    /// <summary>Finds helm on the PATH the environment gives and checks that it is 3.x or 4.x.</summary>
    /// <exception cref="HelmMissingException">Not on PATH, does not run, or another major version.</exception>
    public static HelmTool Locate(Func<string, string?> environment)
    {
        var folders = (environment("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var path = folders.Select(f => System.IO.Path.Combine(f, OperatingSystem.IsWindows() ? "helm.exe" : "helm")).FirstOrDefault(File.Exists)
            ?? throw new HelmMissingException($"--charts runs `helm template` for every HelmRelease, and helm is not on PATH. {InstallHint}");
        // helm/helm pkg/cmd/version.go: --template renders the BuildInfo, .Version is "v3.x.y" / "v4.x.y".
        var result = Run(path, ["version", "--template", "{{.Version}}"], TimeSpan.FromSeconds(30));
        var version = result.Output.Trim();
        if (result.ExitCode != 0 || VersionPattern().Match(version) is not { Success: true } match)
            throw new HelmMissingException($"{path} did not report a helm version (`helm version` exited {result.ExitCode}: {FirstLine(result.Error + result.Output)}). {InstallHint}");
        if (match.Groups["major"].Value is not ("3" or "4"))
            throw new HelmMissingException($"{path} is helm {version}; --charts needs helm 3.x or 4.x. {InstallHint}");
        return new HelmTool(path, version);
    }

    /// <summary>Runs helm with <paramref name="arguments"/> and returns what it printed; never throws on a non-zero exit.</summary>
    public HelmResult Run(IReadOnlyList<string> arguments, TimeSpan timeout) => Run(Path, arguments, timeout);

    private static HelmResult Run(string path, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new HelmMissingException($"could not start {path}. {InstallHint}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return new HelmResult(-1, "", $"helm {string.Join(' ', arguments.Take(3))} did not finish within {timeout.TotalSeconds:0} s");
        }
        return new HelmResult(process.ExitCode, output.Result, error.Result);
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";

    [GeneratedRegex(@"^v(?<major>\d+)\.\d+\.\d+", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
