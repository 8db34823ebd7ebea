using PiCluster.Cluster.Model;
using PiCluster.Render;

namespace PiCluster.Bootstrap.Flux;

/// <summary>
/// The install manifest `bootstrap flux` applies: the one render copied into the tree (rendered/flux-system/
/// gotk-components.yaml, from cluster/Flux/install.yaml), read from the checkout. Bootstrap never writes rendered/.
/// </summary>
public static class FluxComponentsFile
{
    public static FluxManifest Read(ClusterDefinition cluster, string repositoryRoot)
    {
        var path = RenderedLayout.FileIn(repositoryRoot, cluster.Git, RenderedLayout.FluxComponents);
        var shown = $"{cluster.Git.Path.Trim('/')}/{RenderedLayout.FluxComponents}";
        if (!File.Exists(path))
        {
            throw new BootstrapException(
                $"{shown} is missing, so there is no Flux {cluster.Flux.Version} install manifest to apply. Fetch it with " +
                $"`{FluxInstallInput.FetchCommand}` (writes {FluxInstallInput.RepositoryPath}), run `dotnet run --project generators render`, commit and push rendered/.");
        }
        var bytes = File.ReadAllBytes(path);
        var actual = FluxInstallInput.Sha256(bytes);
        var pin = cluster.Flux.InstallManifestSha256?.Trim().ToLowerInvariant();
        if (pin is null || pin != actual)
        {
            throw new BootstrapException(
                $"{shown} has SHA-256 {actual}, FluxSettings.InstallManifestSha256 is {pin ?? "not pinned"}; refusing to install unverified controllers. " +
                $"Fetch the pinned manifest with `{FluxInstallInput.FetchCommand}` and render again.");
        }
        return new FluxManifest(cluster.Flux.Version, new System.Text.UTF8Encoding(false).GetString(bytes), actual, path);
    }
}
