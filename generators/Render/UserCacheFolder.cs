namespace PiCluster.Render;

/// <summary>A folder of the user cache and how it was chosen, for messages.</summary>
/// <param name="Origin">The option, the variable, "$XDG_CACHE_HOME/picluster/&lt;name&gt;" or "~/.cache/picluster/&lt;name&gt;".</param>
/// <param name="FromOption">True when the command-line option chose it (messages then repeat the option in their fix).</param>
public sealed record UserCacheFolder(string Path, string Origin, bool FromOption);

/// <summary>
/// The one resolution order for the folders upstream inputs are cached in (schemas, charts): the command-line option,
/// else the environment variable, else <c>$XDG_CACHE_HOME/picluster/&lt;name&gt;</c>, else <c>~/.cache/picluster/&lt;name&gt;</c>.
/// The environment comes in as a lookup so callers and tests decide what it holds.
/// </summary>
public static class UserCache
{
    /// <param name="option">The option's value, or null/empty when not given.</param>
    /// <param name="optionName">"--schemas", "--charts": named in <see cref="UserCacheFolder.Origin"/>.</param>
    /// <param name="variable">"PICLUSTER_SCHEMAS", "PICLUSTER_CHARTS".</param>
    /// <param name="name">The folder under picluster/ in the XDG cache: "schemas", "charts".</param>
    /// <returns>The folder, or null when none of option, variable, XDG_CACHE_HOME and HOME is set.</returns>
    public static UserCacheFolder? Locate(string? option, string optionName, string variable, string name, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(option)) return new UserCacheFolder(System.IO.Path.GetFullPath(option), optionName, FromOption: true);
        if (environment(variable) is { Length: > 0 } value) return new UserCacheFolder(System.IO.Path.GetFullPath(value), variable, FromOption: false);
        // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored.
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && System.IO.Path.IsPathRooted(xdg))
            return new UserCacheFolder(System.IO.Path.Combine(xdg, "picluster", name), $"$XDG_CACHE_HOME/picluster/{name}", FromOption: false);
        if (environment("HOME") is { Length: > 0 } home)
            return new UserCacheFolder(System.IO.Path.Combine(home, ".cache", "picluster", name), $"~/.cache/picluster/{name}", FromOption: false);
        return null;
    }
}
