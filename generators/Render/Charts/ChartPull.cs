using System.Security.Cryptography;
using System.Text;

namespace PiCluster.Render.Charts;

/// <summary>What charts pull did for one chart version.</summary>
public enum PullOutcome { Downloaded, AlreadyCached, Failed }

/// <summary>One chart version, the releases that use it, and what happened to it.</summary>
/// <param name="RelativePath">Where it lies in the cache ('/'-separated).</param>
/// <param name="Sha256">The digest the index gives (and the archive now has), when known.</param>
/// <param name="Problem">Why it failed; null otherwise.</param>
public sealed record PulledChart(IReadOnlyList<ChartRelease> Releases, string RelativePath, PullOutcome Outcome, string? Sha256, long Bytes, string? Problem)
{
    public ChartRelease First => Releases[0];

    public override string ToString() => Outcome switch
    {
        PullOutcome.Downloaded => $"{First.ChartDisplay} from {First.RepositoryUrl}: downloaded {Bytes / 1024.0:0.#} KiB, sha256 {Sha256} matches the index → {RelativePath}",
        PullOutcome.AlreadyCached => $"{First.ChartDisplay} from {First.RepositoryUrl}: already cached, sha256 {Sha256} matches the index ({RelativePath})",
        _ => $"{First.ChartDisplay} from {First.RepositoryUrl} (for {string.Join(", ", Releases.Select(r => r.Release.Display).Distinct())}): {Problem}",
    };
}

/// <summary>
/// charts pull: for every chart version the releases use, read the repository's index.yaml, find the archive it names,
/// check the archive against the index's digest and keep it in the cache (written atomically; nothing is written when
/// the digest differs). Each repository's index is read once. An archive already cached with the index's digest is not
/// downloaded again.
/// </summary>
public static class ChartPull
{
    public static async Task<IReadOnlyList<PulledChart>> RunAsync(IEnumerable<ChartRelease> releases, UserCacheFolder cache, ChartDownloads downloads, CancellationToken cancellationToken)
    {
        var charts = releases
            .GroupBy(r => (Repository: r.RepositoryUrl, r.Chart, r.Version))
            .OrderBy(g => g.Key.Repository, StringComparer.Ordinal).ThenBy(g => g.Key.Chart, StringComparer.Ordinal).ThenBy(g => g.Key.Version, StringComparer.Ordinal)
            .ToList();
        var results = new List<PulledChart>();
        foreach (var repository in charts.GroupBy(c => c.Key.Repository))
        {
            byte[]? index = null;
            string? indexProblem = null;
            var indexUrl = IndexUrl(repository.Key);
            try
            {
                index = await downloads.GetAsync(indexUrl, cancellationToken).ConfigureAwait(false);
            }
            catch (ChartDownloadException e)
            {
                indexProblem = $"could not read the repository index: {e.Message}";
            }
            foreach (var chart in repository)
            {
                var users = chart.ToList();
                var relative = ChartCache.RelativePath(chart.Key.Repository, chart.Key.Chart, chart.Key.Version);
                results.Add(index is null
                    ? new PulledChart(users, relative, PullOutcome.Failed, null, 0, indexProblem)
                    : await PullOneAsync(users, relative, index, indexUrl, cache, downloads, cancellationToken).ConfigureAwait(false));
            }
        }
        return results;
    }

    /// <summary>index.yaml next to the repository URL (its query kept, as Helm's repo client does).</summary>
    public static Uri IndexUrl(string repositoryUrl)
    {
        var builder = new UriBuilder(ChartCache.RepositoryUri(repositoryUrl));
        builder.Path = builder.Path.TrimEnd('/') + "/index.yaml";
        return builder.Uri;
    }

    private static async Task<PulledChart> PullOneAsync(IReadOnlyList<ChartRelease> users, string relative, byte[] index, Uri indexUrl, UserCacheFolder cache, ChartDownloads downloads, CancellationToken cancellationToken)
    {
        var first = users[0];
        PulledChart Failed(string problem, string? sha = null) => new(users, relative, PullOutcome.Failed, sha, 0, problem);
        ChartLookup lookup;
        try
        {
            using var reader = new StreamReader(new MemoryStream(index), Encoding.UTF8);
            lookup = ChartIndex.Find(reader, first.Chart, first.Version);
        }
        catch (ChartIndexException e)
        {
            return Failed($"{indexUrl}: {e.Message}");
        }
        if (lookup is ChartLookup.Missing missing)
        {
            return Failed(missing.Versions.Count == 0
                ? $"{indexUrl} lists no chart named {first.Chart}"
                : $"{indexUrl} has no version {first.Version} of {first.Chart} (it lists {string.Join(", ", missing.Versions.Take(5))}{(missing.Versions.Count > 5 ? ", …" : "")})");
        }
        var entry = ((ChartLookup.Found)lookup).Entry;
        if (entry.Digest.Length != 64 || !entry.Digest.All(Uri.IsHexDigit))
        {
            return Failed(entry.Digest.Length == 0
                ? $"{indexUrl} gives no digest for {first.ChartDisplay}, so the archive cannot be verified; nothing was downloaded (fill the cache by hand with helm pull if you trust it, see README)"
                : $"{indexUrl} gives digest \"{entry.Digest}\" for {first.ChartDisplay}, which is not a SHA-256; nothing was downloaded");
        }
        var target = Path.Combine(cache.Path, relative.Replace('/', Path.DirectorySeparatorChar));
        if (File.Exists(target) && Sha256Of(await File.ReadAllBytesAsync(target, cancellationToken).ConfigureAwait(false)) == entry.Digest)
        {
            return new PulledChart(users, relative, PullOutcome.AlreadyCached, entry.Digest, new FileInfo(target).Length, null);
        }
        if (entry.Urls.Count == 0) return Failed($"{indexUrl} lists {first.ChartDisplay} without a download URL");
        var url = ChartIndex.ResolveArchiveUrl(first.RepositoryUrl, entry.Urls[0]);
        if (url.Scheme is not ("http" or "https")) return Failed($"{indexUrl} names {url} for {first.ChartDisplay}, which is not HTTP(S)");
        byte[] archive;
        try
        {
            archive = await downloads.GetAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (ChartDownloadException e)
        {
            return Failed(e.Message);
        }
        var found = Sha256Of(archive);
        if (found != entry.Digest)
        {
            return Failed($"{url} does not match the index: expected sha256 {entry.Digest}, downloaded {found}; nothing was written", found);
        }
        AtomicFile.Write(target, archive);
        return new PulledChart(users, relative, PullOutcome.Downloaded, found, archive.Length, null);
    }

    internal static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
