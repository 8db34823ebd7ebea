namespace PiCluster.Render;

/// <summary>One rendered file: where it goes under rendered/, which record produced it, and its documents in order.</summary>
/// <param name="Path">Relative path with '/' separators, e.g. "infrastructure/controllers/traefik.yaml".</param>
/// <param name="Source">The model record the file comes from, named in the file's header line.</param>
public sealed record ManifestFile(string Path, string Source, IReadOnlyList<object> Documents);
