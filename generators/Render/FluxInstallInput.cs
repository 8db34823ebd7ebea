using System.Security.Cryptography;
using System.Text;
using PiCluster.Cluster.Model;

namespace PiCluster.Render;

/// <summary>
/// The pinned Flux install manifest (the release's install.yaml) as the repository holds it: an input of render, which
/// copies it into the tree as <see cref="RenderedLayout.FluxComponents"/>, checked against FluxSettings.InstallManifestSha256.
/// </summary>
public static class FluxInstallInput
{
    /// <summary>Relative to the repository root; `bootstrap flux-manifest` writes it.</summary>
    public const string RepositoryPath = "cluster/Flux/install.yaml";

    public const string FetchCommand = "dotnet run --project bootstrap -- flux-manifest";

    public static string FullPath(string repositoryRoot) => Path.Combine(repositoryRoot, RepositoryPath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The manifest's text, or null when the repository holds none yet.</summary>
    /// <exception cref="ClusterInputException">The file is there but not pinned, or does not match its pin.</exception>
    public static string? Read(string repositoryRoot, FluxSettings flux)
    {
        var path = FullPath(repositoryRoot);
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        var actual = Sha256(bytes);
        if (flux.InstallManifestSha256 is null)
            throw new ClusterInputException($"{RepositoryPath} is present but FluxSettings.InstallManifestSha256 is null, so it cannot be verified; pin it ({actual} if you checked this file) or delete the file.");
        var pin = flux.InstallManifestSha256.Trim().ToLowerInvariant();
        if (actual != pin)
            throw new ClusterInputException($"{RepositoryPath}: SHA-256 is {actual}, FluxSettings.InstallManifestSha256 is {pin} (Flux {flux.Version}); fetch it again with `{FetchCommand}`.");
        return new UTF8Encoding(false).GetString(bytes);
    }

    /// <summary>What render says when the repository holds no manifest: the tree then has no <see cref="RenderedLayout.FluxComponents"/>.</summary>
    public static string AbsentNote(FluxSettings flux) =>
        $"{RepositoryPath} is absent: {RenderedLayout.FluxComponents} is not rendered and `bootstrap flux` refuses until it is; fetch Flux {flux.Version}'s install manifest with `{FetchCommand}`.";

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
