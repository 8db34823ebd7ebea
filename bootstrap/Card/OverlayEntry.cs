namespace PiCluster.Bootstrap.Card;

public enum OverlayEntryKind
{
    Directory,
    File,
    Symlink,
}

/// <summary>One path in a node's apkovl, relative to "/", always owned by root:root.</summary>
/// <param name="Mode">Permission bits; spell them with <see cref="Octal"/>.</param>
public sealed record OverlayEntry(string Path, OverlayEntryKind Kind, UnixFileMode Mode, byte[] Content, string? LinkTarget = null)
{
    public static OverlayEntry Dir(string path, UnixFileMode mode) => new(path, OverlayEntryKind.Directory, mode, []);

    public static OverlayEntry Text(string path, UnixFileMode mode, string text) =>
        new(path, OverlayEntryKind.File, mode, System.Text.Encoding.UTF8.GetBytes(text));

    public static OverlayEntry Link(string path, string target) =>
        new(path, OverlayEntryKind.Symlink, Octal.Mode("777"), [], target);

    public string ContentText => System.Text.Encoding.UTF8.GetString(Content);
}

/// <summary>Unix modes from the octal spelling everyone reads ("0644").</summary>
public static class Octal
{
    public static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    public static readonly UnixFileMode Dir = Mode("755");
    public static readonly UnixFileMode PrivateDir = Mode("700");
    public static readonly UnixFileMode File = Mode("644");
    public static readonly UnixFileMode PrivateFile = Mode("600");
    public static readonly UnixFileMode Executable = Mode("755");
}
