using System.Globalization;
using System.Text.RegularExpressions;

namespace PiCluster.Render.Resources;

/// <summary>Go's time.Duration text ("1h0m0s", "20m", "90s", "1.5h"), as Flux's interval and timeout fields take it.</summary>
public static partial class GoDuration
{
    /// <summary>Null when the text is not a Go duration.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text == "0") return TimeSpan.Zero;
        var matches = Part().Matches(text);
        if (matches.Count == 0 || matches.Sum(m => m.Length) != text.Length) return null;
        var total = 0.0;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => value * 3600_000,
                "m" => value * 60_000,
                "s" => value * 1000,
                "ms" => value,
                "us" or "µs" => value / 1000,
                _ => value / 1_000_000,
            };
        }
        return TimeSpan.FromMilliseconds(total);
    }

    /// <summary>Whole seconds the way Go prints them: "1h0m0s", "20m0s", "45s".</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        var (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0 ? $"{h}h{m}m{s}s" : m > 0 ? $"{m}m{s}s" : $"{s}s";
    }

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(h|ms|m|s|us|µs|ns)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
