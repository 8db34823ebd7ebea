using PiCluster.Cluster.Model;

namespace PiCluster.Render;

/// <summary>
/// Where things lie in the rendered tree: the folders Flux Kustomizations point at (in the order Flux applies them) and
/// the files bootstrap reads. Render is the only writer of the tree; bootstrap finds it at the model's Git.Path.
/// </summary>
public static class RenderedLayout
{
    public const string FluxSystem = "flux-system";
    public const string Controllers = "infrastructure/controllers";
    public const string Configs = "infrastructure/configs";
    public const string Apps = "apps";

    public static readonly IReadOnlyList<string> FluxPaths = [FluxSystem, Controllers, Configs, Apps];

    /// <summary>Flux's own install manifest, copied by render from <see cref="FluxInstallInput.RepositoryPath"/>, as `flux bootstrap` names it.</summary>
    public const string FluxComponents = FluxSystem + "/gotk-components.yaml";

    /// <summary>The GitRepository and root Kustomization Flux syncs from.</summary>
    public const string FluxSync = FluxSystem + "/gotk-sync.yaml";

    /// <summary>The pod network, applied by bootstrap before Flux exists.</summary>
    public const string Flannel = Controllers + "/flannel.yaml";

    /// <summary>The rendered tree in a checkout: the model's Git.Path under the repository root.</summary>
    public static string TreeIn(string repositoryRoot, GitSource git) =>
        Path.Combine(repositoryRoot, git.Path.Replace('/', Path.DirectorySeparatorChar).Trim(Path.DirectorySeparatorChar));

    /// <summary>A rendered file (one of the constants above) in a checkout.</summary>
    public static string FileIn(string repositoryRoot, GitSource git, string renderedPath) =>
        Path.Combine(TreeIn(repositoryRoot, git), renderedPath.Replace('/', Path.DirectorySeparatorChar));
}
