using System.Formats.Tar;
using System.IO.Compression;

namespace PiCluster.Bootstrap.Card;

/// <summary>Writes overlay entries as a gzipped ustar archive whose bytes depend only on the entries.</summary>
public static class OverlayArchive
{
    /// <summary>Every entry gets this mtime so the same node and keys always give the same bytes.</summary>
    public static readonly DateTimeOffset FixedModificationTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Create(IEnumerable<OverlayEntry> entries)
    {
        using var buffer = new MemoryStream();
        // GZipStream writes MTIME=0 and no file name, so the gzip header carries no timestamp.
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                tar.WriteEntry(ToTarEntry(entry));
            }
        }
        return buffer.ToArray();
    }

    private static UstarTarEntry ToTarEntry(OverlayEntry entry)
    {
        var type = entry.Kind switch
        {
            OverlayEntryKind.Directory => TarEntryType.Directory,
            OverlayEntryKind.Symlink => TarEntryType.SymbolicLink,
            _ => TarEntryType.RegularFile,
        };
        var name = entry.Kind == OverlayEntryKind.Directory ? entry.Path + "/" : entry.Path;
        var tarEntry = new UstarTarEntry(type, name)
        {
            Uid = 0,
            Gid = 0,
            UserName = "root",
            GroupName = "root",
            Mode = entry.Mode,
            ModificationTime = FixedModificationTime,
        };
        if (entry.Kind == OverlayEntryKind.Symlink) tarEntry.LinkName = entry.LinkTarget!;
        if (entry.Kind == OverlayEntryKind.File) tarEntry.DataStream = new MemoryStream(entry.Content, writable: false);
        return tarEntry;
    }
}
