using System.Globalization;

namespace PiCluster.Bootstrap.Card;

/// <summary>Sizes written like "2G", "512M" or "1073741824" (binary units: K=1024).</summary>
public static class ByteSize
{
    public const long KiB = 1024;
    public const long MiB = 1024 * KiB;
    public const long GiB = 1024 * MiB;

    public static long Parse(string text)
    {
        var trimmed = text.Trim().ToUpperInvariant().TrimEnd('B').TrimEnd('I');
        var (digits, unit) = trimmed.Length > 0 && char.IsLetter(trimmed[^1])
            ? (trimmed[..^1], trimmed[^1])
            : (trimmed, ' ');
        var multiplier = unit switch
        {
            ' ' => 1L,
            'K' => KiB,
            'M' => MiB,
            'G' => GiB,
            'T' => 1024 * GiB,
            _ => 0L,
        };
        if (multiplier == 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new BootstrapException($"'{text}' is not a size; write e.g. 2G, 512M or a byte count.");
        }
        return checked(value * multiplier);
    }

    public static string Format(long bytes) => bytes switch
    {
        >= GiB => $"{(double)bytes / GiB:0.#} GiB",
        >= MiB => $"{(double)bytes / MiB:0.#} MiB",
        _ => $"{bytes} bytes",
    };
}
