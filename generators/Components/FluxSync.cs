using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>
/// flux-system: the GitRepository + root Kustomization that `flux bootstrap` writes as gotk-sync.yaml, and the
/// Flux Kustomizations that apply rendered/ in order: infrastructure-controllers → infrastructure-configs → apps.
/// </summary>
public static class FluxSync
{
    public const string Namespace = "flux-system";
    public const string SourceName = "flux-system";

    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster)
    {
        var git = cluster.Git;
        var source = new FluxSourceReference("GitRepository", SourceName);
        yield return new ManifestFile($"{RenderedLayout.FluxSystem}/gotk-sync.yaml", "ClusterDefinition.Git", [
            new GitRepository(
                Meta.Of(SourceName, Namespace),
                new GitRepositorySpec(git.Url, "1m0s", new GitRepositoryRef(git.Branch), new SecretReference(SourceName))),
            new FluxKustomization(
                Meta.Of(SourceName, Namespace),
                new FluxKustomizationSpec("10m0s", PathIn(git, RenderedLayout.FluxSystem), Prune: true, source)),
        ]);

        yield return new ManifestFile($"{RenderedLayout.FluxSystem}/infrastructure.yaml", "ClusterDefinition.Git", [
            Layer(git, source, "infrastructure-controllers", RenderedLayout.Controllers, dependsOn: null),
            Layer(git, source, "infrastructure-configs", RenderedLayout.Configs, dependsOn: "infrastructure-controllers"),
        ]);
        yield return new ManifestFile($"{RenderedLayout.FluxSystem}/apps.yaml", "ClusterDefinition.Git", [
            Layer(git, source, "apps", RenderedLayout.Apps, dependsOn: "infrastructure-configs"),
        ]);
    }

    private static FluxKustomization Layer(GitSource git, FluxSourceReference source, string name, string folder, string? dependsOn) =>
        new(Meta.Of(name, Namespace), new FluxKustomizationSpec(
            Interval: "1h0m0s",
            Path: PathIn(git, folder),
            Prune: true,
            SourceRef: source,
            Wait: true,
            // Pis pull images slowly; a chart with CRDs can take minutes on first install.
            Timeout: "10m0s",
            RetryInterval: "2m0s",
            DependsOn: dependsOn is null ? null : [new FluxDependency(dependsOn)]));

    private static string PathIn(GitSource git, string folder) => $"./{git.Path.Trim('/')}/{folder}";
}
