using System.Globalization;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>Alpine branches ("v3.24", "edge") and their order: the one comparison status and upgrade share.</summary>
public static class AlpineBranch
{
    public static readonly IComparer<string> Comparer = Comparer<string>.Create(Compare);

    /// <summary>"v3.24" from /etc/alpine-release "3.24.2"; null when unreadable (e.g. edge snapshots).</summary>
    public static string? OfRelease(string alpineRelease)
    {
        var parts = alpineRelease.Trim().Split('.');
        return parts.Length >= 2 && parts[0].Length > 0 && parts[1].Length > 0 && parts[0].All(char.IsAsciiDigit) && parts[1].All(char.IsAsciiDigit)
            ? $"v{parts[0]}.{parts[1]}"
            : null;
    }

    /// <summary>(3, 24) for "v3.24", edge after every numbered branch, null for anything else.</summary>
    public static (int Major, int Minor)? Parse(string branch)
    {
        if (branch == "edge") return (int.MaxValue, 0);
        var parts = branch.StartsWith('v') ? branch[1..].Split('.') : [];
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }

    /// <summary>Branch order; an unreadable branch sorts first.</summary>
    public static int Compare(string? a, string? b) =>
        (a is null ? null : Parse(a)).GetValueOrDefault((-1, -1)).CompareTo((b is null ? null : Parse(b)).GetValueOrDefault((-1, -1)));

    /// <summary>"v3.25" after "v3.24"; null for edge or an unreadable branch.</summary>
    public static string? Next(string branch) =>
        Parse(branch) is { } p && branch != "edge" ? $"v{p.Major}.{p.Minor + 1}" : null;
}
