namespace PiCluster.Render.Charts;

/// <summary>The charts cache is unusable (no folder, a chart missing); the message names the releases and what to run. Exit 2.</summary>
public sealed class ChartCacheException(string message) : Exception(message);

/// <summary>
/// Where chart archives are kept: <c>--charts DIR</c>, else <c>$PICLUSTER_CHARTS</c>, else
/// <c>$XDG_CACHE_HOME/picluster/charts</c>, else <c>~/.cache/picluster/charts</c> (the order <see cref="UserCache"/> gives
/// every upstream cache). Inside it a chart lies at <c>&lt;repository host&gt;/&lt;repository path&gt;/&lt;chart&gt;-&lt;version&gt;.tgz</c>,
/// the file name <c>helm pull</c> writes, so a cache filled by hand works too.
/// </summary>
public sealed class ChartCache(Func<string, string?> environment)
{
    public const string EnvironmentVariable = "PICLUSTER_CHARTS";

    /// <summary>What fills the cache, as typed from the repository root.</summary>
    public const string PullCommand = "dotnet run --project generators -- charts pull";

    /// <param name="option">The --charts value; null or empty when the flag came without a folder.</param>
    public UserCacheFolder Locate(string? option) =>
        UserCache.Locate(option, "--charts", EnvironmentVariable, "charts", environment)
        ?? throw new ChartCacheException($"No charts folder: none of --charts DIR, {EnvironmentVariable}, XDG_CACHE_HOME or HOME is set. Pass --charts DIR or set {EnvironmentVariable}.");

    /// <summary>The command that fills <paramref name="folder"/>, with --charts when the option chose it.</summary>
    public static string FixCommand(UserCacheFolder folder) =>
        folder.FromOption ? $"{PullCommand} --charts {ShellWords.Quote(folder.Path)}" : PullCommand;

    /// <summary>
    /// The archive's path relative to the cache, '/'-separated: the repository URL's host (with ":port" when the URL
    /// names one), its path segments, then <c>&lt;chart&gt;-&lt;version&gt;.tgz</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A URL that is not absolute http(s), or a part that could leave the cache folder.</exception>
    public static string RelativePath(string repositoryUrl, string chart, string version)
    {
        var url = RepositoryUri(repositoryUrl);
        var host = url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var file = $"{chart}-{version}.tgz";
        foreach (var part in segments.Append(host).Append(file))
        {
            if (part is "." or ".." || part.IndexOfAny(['/', '\\', '\0']) >= 0)
                throw new ArgumentException($"\"{part}\" (from {repositoryUrl}, chart {chart} {version}) cannot be a folder or file name in the charts cache");
        }
        return string.Join('/', new[] { host.ToLowerInvariant() }.Concat(segments).Append(file));
    }

    /// <summary>The archive's full path in <paramref name="folder"/>.</summary>
    public static string PathIn(UserCacheFolder folder, string repositoryUrl, string chart, string version) =>
        Path.Combine(folder.Path, RelativePath(repositoryUrl, chart, version).Replace('/', Path.DirectorySeparatorChar));

    /// <summary>An http(s) repository URL, or an exception saying why not (OCI named as such).</summary>
    public static Uri RepositoryUri(string repositoryUrl)
    {
        if (repositoryUrl.StartsWith("oci://", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{repositoryUrl} is an OCI registry; chart expansion reads HTTP(S) chart repositories (index.yaml) only, OCI is not supported yet");
        if (!Uri.TryCreate(repositoryUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"\"{repositoryUrl}\" is not an http(s) chart repository URL");
        return url;
    }
}
