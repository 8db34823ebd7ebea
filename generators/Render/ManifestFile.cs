namespace PiCluster.Render;

/// <summary>One rendered file: where it goes under rendered/, which record produced it, and its documents in order.</summary>
/// <param name="Path">Relative path with '/' separators, e.g. "infrastructure/controllers/traefik.yaml".</param>
/// <param name="Source">The model record the file comes from, named in the file's header line.</param>
public sealed record ManifestFile(string Path, string Source, IReadOnlyList<object> Documents);

/// <summary>The folders Flux Kustomizations point at, in the order Flux applies them.</summary>
public static class RenderedLayout
{
    public const string FluxSystem = "flux-system";
    public const string Controllers = "infrastructure/controllers";
    public const string Configs = "infrastructure/configs";
    public const string Apps = "apps";

    public static readonly IReadOnlyList<string> FluxPaths = [FluxSystem, Controllers, Configs, Apps];
}

/// <summary>
/// Files in rendered/ that render does not produce but keeps: `bootstrap flux` commits Flux's install manifest there,
/// the way `flux bootstrap` does, so Flux manages its own upgrades from Git.
/// </summary>
public static class KeptFiles
{
    public const string FluxComponents = RenderedLayout.FluxSystem + "/gotk-components.yaml";

    public static readonly IReadOnlyList<string> Paths = [FluxComponents];

    /// <summary>The kept files present under <paramref name="renderedDir"/> (LF text, read as written).</summary>
    public static IReadOnlyList<RenderedText> ReadFrom(string renderedDir) =>
        Paths.Select(p => (Path: p, Full: System.IO.Path.Combine(renderedDir, p.Replace('/', System.IO.Path.DirectorySeparatorChar))))
            .Where(p => File.Exists(p.Full))
            .Select(p => new RenderedText(p.Path, File.ReadAllText(p.Full, new System.Text.UTF8Encoding(false))))
            .ToList();
}
