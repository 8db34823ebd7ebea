using PiCluster.Cluster.Model;
using PiCluster.Render;

namespace PiCluster.Bootstrap.Flux;

/// <summary>
/// The files `bootstrap flux` commits, as `flux bootstrap` does: the release's install manifest as
/// flux-system/gotk-components.yaml, and flux-system/kustomization.yaml listing it — computed by the renderer, so
/// `render --check` stays clean after the commit. Nothing else.
/// </summary>
public static class FluxComponentsFiles
{
    public static IReadOnlyList<(string Path, string Text)> For(ClusterDefinition cluster, FluxManifest manifest)
    {
        var kept = new RenderedText(KeptFiles.FluxComponents, manifest.Text);
        var index = ClusterRenderer.Render(cluster, [kept]).Single(f => f.Path == $"{RenderedLayout.FluxSystem}/kustomization.yaml");
        var root = cluster.Git.Path.Trim('/');
        return [($"{root}/{kept.Path}", kept.Content), ($"{root}/{index.Path}", index.Content)];
    }

    public static string CommitMessage(FluxManifest manifest) =>
        $"Flux {manifest.Version} components (gotk-components.yaml)\n\nInstall manifest of fluxcd/flux2 {manifest.Version}, SHA-256 {manifest.Sha256}, committed by `bootstrap flux`.\n";
}
