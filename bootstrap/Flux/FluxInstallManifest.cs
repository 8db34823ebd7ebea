using PiCluster.Render;
using System.Security.Cryptography;
using System.Text;
using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Flux;

/// <summary>The install manifest (install.yaml) of a Flux release, with the SHA-256 it was checked against.</summary>
/// <param name="Origin">Where it came from (URL, cache or operator file), for the log.</param>
public sealed record FluxManifest(string Version, string Text, string Sha256, string Origin);

/// <summary>
/// Provides the verified install.yaml of the pinned Flux release: an operator-given file, the cache in
/// .picluster/cache/flux/&lt;version&gt;/, or a download from the release assets. A download is only made against a known
/// checksum (<see cref="FluxSettings.InstallManifestSha256"/> or --flux-sha256): an unverified manifest installs
/// cluster-admin controllers, so there is no trust-on-first-download.
/// </summary>
public sealed class FluxInstallManifest(StateFolder state, HttpClient http, Uri releaseBase, TextWriter log)
{
    public static readonly Uri GitHubReleases = new("https://github.com/fluxcd/flux2/releases/download/");

    public const string AssetName = "install.yaml";

    public static Uri AssetUri(Uri releaseBase, string version) => new(releaseBase, $"{Uri.EscapeDataString(version)}/{AssetName}");

    /// <param name="localFile">--flux-manifest: use this file instead of downloading.</param>
    /// <param name="sha256">--flux-sha256: the expected hash when the model has no pin (or the same value as the pin).</param>
    public async Task<FluxManifest> GetAsync(FluxSettings flux, string? localFile, string? sha256, CancellationToken cancellationToken)
    {
        var pin = flux.InstallManifestSha256 is null ? null : Sha256Checksum.Normalize(flux.InstallManifestSha256);
        var given = sha256 is null ? null : Sha256Checksum.Normalize(sha256);
        if (pin is not null && given is not null && pin != given)
            throw new BootstrapException($"--flux-sha256 {given} differs from FluxSettings.InstallManifestSha256 {pin}; refusing.");
        var expected = given ?? pin;

        if (localFile is not null)
        {
            if (!File.Exists(localFile)) throw new BootstrapException($"Flux manifest {localFile} does not exist.");
            var bytes = await File.ReadAllBytesAsync(localFile, cancellationToken);
            var actual = Hash(bytes);
            if (expected is not null && actual != expected)
                throw new BootstrapException($"Checksum mismatch for {localFile}: expected {expected}, got {actual}. The file was not used.");
            if (expected is null)
                log.WriteLine($"Using {localFile} as Flux {flux.Version}'s install manifest without a pinned checksum; its SHA-256 is {actual} — pin it in FluxSettings.InstallManifestSha256 once checked.");
            return new FluxManifest(flux.Version, Text(bytes, localFile), actual, Path.GetFullPath(localFile));
        }

        if (expected is null)
        {
            throw new BootstrapException(
                $"Flux {flux.Version}: FluxSettings.InstallManifestSha256 is not pinned, so the install manifest cannot be verified. " +
                $"Pin it in cluster/HomeCluster.cs (sha256sum of {AssetUri(GitHubReleases, flux.Version)}), or pass --flux-sha256 <hex>, " +
                "or --flux-manifest <file> with a copy you trust.");
        }

        var folder = state.FluxCache(flux.Version);
        var cached = Path.Combine(folder, AssetName);
        if (File.Exists(cached))
        {
            var bytes = await File.ReadAllBytesAsync(cached, cancellationToken);
            if (Hash(bytes) == expected)
            {
                log.WriteLine($"Using cached {cached} (SHA-256 {expected}).");
                return new FluxManifest(flux.Version, Text(bytes, cached), expected, cached);
            }
            log.WriteLine($"Cached {cached} does not match SHA-256 {expected}; downloading again.");
            File.Delete(cached);
        }

        var uri = AssetUri(releaseBase, flux.Version);
        byte[] downloaded;
        try
        {
            downloaded = await http.GetByteArrayAsync(uri, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new BootstrapException($"Could not download {uri}: {e.Message}. Pass --flux-manifest <file> to use a local copy.");
        }
        var got = Hash(downloaded);
        if (got != expected)
            throw new BootstrapException($"Checksum mismatch for {uri}: expected {expected}, got {got}. Nothing was cached or installed.");
        AtomicFile.Write(cached, downloaded);
        log.WriteLine($"Downloaded {uri} (SHA-256 {got}) to {cached}.");
        return new FluxManifest(flux.Version, Text(downloaded, uri.ToString()), got, uri.ToString());
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Text(byte[] bytes, string origin)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new BootstrapException($"{origin} is not UTF-8 text; not a Flux install manifest.");
        }
    }
}
