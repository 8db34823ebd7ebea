using System.Diagnostics;
using PiCluster.Bootstrap.Tools;

namespace PiCluster.Bootstrap.Backup;

/// <summary>
/// The `age` command line (FiloSottile/age cmd/age/age.go): `age -r RECIPIENT… -o OUT` encrypts stdin, `age -d -i KEY IN`
/// decrypts to stdout. Every failure exits 1 with "age: error: …" on stderr (errorf), e.g. "no identity matched any of
/// the recipients" for a wrong identity (age.go NoIdentityMatchError; cmd/age/testdata/x25519.txt). Plaintext only ever
/// travels through pipes, never a file.
/// </summary>
public static class AgeTool
{
    public static readonly ExternalTool Age = new("age", "age");

    /// <summary>Encrypts <paramref name="plaintext"/> to every recipient into <paramref name="output"/> (which must not exist yet).</summary>
    public static async Task EncryptAsync(IReadOnlyList<string> recipients, byte[] plaintext, string output, CancellationToken cancellationToken)
    {
        List<string> args = [.. recipients.SelectMany(r => new[] { "-r", r }), "-o", output];
        var (code, _, error) = await RunAsync(args, plaintext, cancellationToken);
        if (code != 0) throw new BootstrapException($"age could not encrypt to {string.Join(", ", recipients)}: {Message(error)}");
    }

    /// <summary>Decrypts <paramref name="input"/> with the identity file; a wrong or unreadable identity is bad input.</summary>
    public static async Task<byte[]> DecryptAsync(string identity, string input, CancellationToken cancellationToken)
    {
        var (code, output, error) = await RunAsync(["-d", "-i", identity, input], null, cancellationToken);
        if (code != 0)
        {
            var why = Message(error);
            var hint = why.Contains("no identity matched", StringComparison.Ordinal)
                ? $" — {input} was encrypted to other public keys than --identity {identity} holds (Bootstrap.BackupCopy.AgeRecipients at the time of the copy)"
                : "";
            throw new BootstrapException($"--from {input}: age cannot decrypt it with --identity {identity}: {why}{hint}.");
        }
        return output;
    }

    /// <summary>age's own first error line, without its "report unexpected errors" footer.</summary>
    private static string Message(string stderr) =>
        string.Join(" ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("report unexpected", StringComparison.Ordinal) && !l.StartsWith("[ Did age", StringComparison.Ordinal)))
            .Trim() is { Length: > 0 } m ? m : "(no message)";

    private static async Task<(int Code, byte[] Output, string Error)> RunAsync(IReadOnlyList<string> args, byte[]? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Age.Locate())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new BootstrapException("could not start age");
        using var output = new MemoryStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null) await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        await stdout;
        return (process.ExitCode, output.ToArray(), await stderr);
    }
}
