using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PiCluster.Bootstrap.Card;

/// <summary>SHA-256 parsing and checking for release files.</summary>
public static partial class Sha256Checksum
{
    /// <summary>Reads the hash from a published "&lt;hex&gt;  &lt;file name&gt;" line (sha256sum format) or a bare hex string.</summary>
    public static string Parse(string text, string? expectedFileName = null)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = LinePattern().Match(line);
            if (!match.Success) continue;
            var name = match.Groups[2].Value;
            if (expectedFileName is null || name.Length == 0 || name == expectedFileName)
            {
                return match.Groups[1].Value.ToLowerInvariant();
            }
        }
        throw new BootstrapException(
            $"No SHA-256 found{(expectedFileName is null ? "" : $" for {expectedFileName}")} in checksum text '{Truncate(text)}'.");
    }

    /// <summary>Normalizes a hash given on the command line or in the model.</summary>
    public static string Normalize(string hex)
    {
        var trimmed = hex.Trim().ToLowerInvariant();
        if (!HexPattern().IsMatch(trimmed)) throw new BootstrapException($"'{hex}' is not a SHA-256 (64 hex digits).");
        return trimmed;
    }

    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Throws unless the file's hash equals <paramref name="expected"/>.</summary>
    public static async Task VerifyFileAsync(string path, string expected, string source, CancellationToken cancellationToken)
    {
        var actual = await OfFileAsync(path, cancellationToken);
        if (actual != Normalize(expected))
        {
            throw new BootstrapException(
                $"Checksum mismatch for {path}: expected {Normalize(expected)} ({source}), got {actual}. The file was not used.");
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text.Trim() : text[..80] + "…";

    [GeneratedRegex(@"^([0-9A-Fa-f]{64})(?:\s+\*?(\S.*))?$")]
    private static partial Regex LinePattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexPattern();
}
