using System.Diagnostics;
using PiCluster.CommandLine;

namespace PiCluster.Bootstrap.Tools;

/// <summary>A command-line program bootstrap calls, with the Debian package that provides it.</summary>
public sealed record ExternalTool(string Name, string DebianPackage)
{
    public static readonly ExternalTool Sfdisk = new("sfdisk", "fdisk");
    public static readonly ExternalTool MkfsVfat = new("mkfs.vfat", "dosfstools");
    public static readonly ExternalTool Mcopy = new("mcopy", "mtools");
    public static readonly ExternalTool Mdir = new("mdir", "mtools");
    public static readonly ExternalTool SshKeygen = new("ssh-keygen", "openssh-client");
    public static readonly ExternalTool SshKeyscan = new("ssh-keyscan", "openssh-client");

    // sbin folders are often missing from a non-root PATH on Debian, yet sfdisk and mkfs.vfat live there.
    private static readonly string[] ExtraFolders = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>Full path of the program, or a clear error naming the package to install.</summary>
    public string Locate()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraFolders);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, Name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new BootstrapException($"{Name} is not installed; install the Debian package '{DebianPackage}' (sudo apt-get install {DebianPackage}).");
    }

    /// <summary>Runs the program to completion; a non-zero exit is a failure of the work (exit 1) with its stderr.</summary>
    public async Task<string> RunAsync(
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C";
        if (environment is not null)
        {
            foreach (var (key, value) in environment) start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new CommandFailedException($"Could not start {Name}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        var error = await stderr;
        if (process.ExitCode != 0)
        {
            throw new CommandFailedException(
                $"{Name} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {error.Trim()}{(error.Length == 0 ? output.Trim() : "")}");
        }
        return output;
    }
}
