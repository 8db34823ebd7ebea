using System.Globalization;
using System.Text.RegularExpressions;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>A Kubernetes release "v1.37.2", also read from an apk package version "1.37.2-r0".</summary>
public readonly partial record struct KubernetesVersion(int Major, int Minor, int Patch) : IComparable<KubernetesVersion>
{
    /// <summary>"1.37".</summary>
    public string MinorText => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    /// <summary>"1\.37": the minor as a regular expression (grep -E and awk), for the scripts' MINOR_PATTERN.</summary>
    public string MinorPattern => EscapeMinor(MinorText);

    /// <summary>"1.37" → "1\.37".</summary>
    public static string EscapeMinor(string minor) => minor.Replace(".", "\\.", StringComparison.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"v{Major}.{Minor}.{Patch}");

    public bool SameMinor(KubernetesVersion other) => Major == other.Major && Minor == other.Minor;

    public int CompareTo(KubernetesVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

    public static bool operator <(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(KubernetesVersion a, KubernetesVersion b) => a.CompareTo(b) >= 0;

    public static bool TryParse(string? text, out KubernetesVersion version)
    {
        var match = Pattern().Match(text?.Trim() ?? "");
        version = match.Success
            ? new(Number(match, "major"), Number(match, "minor"), Number(match, "patch"))
            : default;
        return match.Success;
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="field"/> names where it came from in the error.</summary>
    public static KubernetesVersion Parse(string text, string field) =>
        TryParse(text, out var version)
            ? version
            : throw new BootstrapException($"{field}: \"{text}\" is not a Kubernetes version like v1.37.2.");

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    // "v1.37.2", "1.37.2" or apk's "1.37.2-r0".
    [GeneratedRegex(@"^v?(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)(-r\d+)?$")]
    private static partial Regex Pattern();
}
