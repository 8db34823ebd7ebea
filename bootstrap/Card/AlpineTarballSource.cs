using PiCluster.Render;
using PiCluster.Bootstrap.State;

namespace PiCluster.Bootstrap.Card;

/// <summary>
/// Provides a verified Alpine RPi tarball: an operator-given file, or one downloaded from the mirror,
/// checked against the published .sha256 (and the model's pin) and cached in the state folder.
/// </summary>
public sealed class AlpineTarballSource(StateFolder state, HttpClient http, string mirror, ICardProgress progress)
{
    /// <summary>Uses a local tarball; verified only when a checksum is given.</summary>
    public async Task<string> UseLocalAsync(string path, string? sha256, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new BootstrapException($"Alpine tarball {path} does not exist.");
        if (sha256 is not null)
        {
            await Sha256Checksum.VerifyFileAsync(path, sha256, "--alpine-sha256", cancellationToken);
        }
        else
        {
            progress.Note($"Using {path} without checksum verification (no --alpine-sha256 given).");
        }
        return Path.GetFullPath(path);
    }

    /// <summary>Returns the cached tarball after re-verifying it, downloading it first when missing or damaged.</summary>
    public async Task<string> GetAsync(AlpineRelease release, string? pinnedSha256, CancellationToken cancellationToken)
    {
        var pin = pinnedSha256 is null ? null : Sha256Checksum.Normalize(pinnedSha256);
        Directory.CreateDirectory(state.AlpineCache);
        var tarball = Path.Combine(state.AlpineCache, release.TarballName);
        var checksumFile = tarball + ".sha256";

        if (File.Exists(tarball) && File.Exists(checksumFile))
        {
            var cachedSha = Sha256Checksum.Parse(await File.ReadAllTextAsync(checksumFile, cancellationToken), release.TarballName);
            if ((pin is null || pin == cachedSha) && await Sha256Checksum.OfFileAsync(tarball, cancellationToken) == cachedSha)
            {
                progress.Note($"Using cached {tarball} (SHA-256 {cachedSha}).");
                return tarball;
            }
            progress.Note($"Cached {release.TarballName} does not match its checksum; downloading again.");
            File.Delete(tarball);
            File.Delete(checksumFile);
        }

        var checksumUri = release.ChecksumUri(mirror);
        var checksumText = await GetStringAsync(checksumUri, cancellationToken);
        var published = Sha256Checksum.Parse(checksumText, release.TarballName);
        if (pin is not null && pin != published)
        {
            throw new BootstrapException(
                $"Published SHA-256 {published} at {checksumUri} differs from the pinned {pin} in BootstrapSettings.AlpineTarballSha256; refusing.");
        }

        await AtomicFile.ReplaceAsync(tarball, async partial =>
        {
            await DownloadAsync(release.TarballUri(mirror), partial, cancellationToken);
            await Sha256Checksum.VerifyFileAsync(partial, published, checksumUri.ToString(), cancellationToken);
            AtomicFile.Write(checksumFile, $"{published}  {release.TarballName}\n");
        });
        return tarball;
    }

    private async Task<string> GetStringAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetStringAsync(uri, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new BootstrapException($"Could not download {uri}: {e.Message}. Pass --alpine-tarball <file> to use a local copy.");
        }
    }

    private async Task DownloadAsync(Uri uri, string target, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var step = progress.Start($"download {Path.GetFileName(uri.LocalPath)}", response.Content.Headers.ContentLength ?? 0);
            await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var file = File.OpenWrite(target);
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                step.Advance(read);
            }
        }
        catch (HttpRequestException e)
        {
            throw new BootstrapException($"Could not download {uri}: {e.Message}. Pass --alpine-tarball <file> to use a local copy.");
        }
    }
}
