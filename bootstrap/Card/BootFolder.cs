using System.Formats.Tar;
using System.IO.Compression;

namespace PiCluster.Bootstrap.Card;

/// <summary>
/// The files that go onto p1: the release tarball's contents at the root, our cmdline.txt and usercfg.txt,
/// and exactly one <c>&lt;node&gt;.apkovl.tar.gz</c> (the initramfs takes the first overlay it finds).
/// </summary>
public sealed class BootFolder : IDisposable
{
    private readonly DirectoryInfo _folder;

    private BootFolder(DirectoryInfo folder) => _folder = folder;

    public string Path => _folder.FullName;

    /// <summary>Unpacks the tarball (regular files and folders only: FAT has no links) and applies the boot settings.</summary>
    public static async Task<BootFolder> FromTarballAsync(string tarball, CancellationToken cancellationToken)
    {
        var folder = new BootFolder(Directory.CreateTempSubdirectory("picluster-card-"));
        try
        {
            await folder.ExtractAsync(tarball, cancellationToken);
            var cmdline = System.IO.Path.Combine(folder.Path, "cmdline.txt");
            if (!File.Exists(cmdline)) throw new BootstrapException($"{tarball} has no cmdline.txt at its root; is it an Alpine RPi tarball?");
            await File.WriteAllTextAsync(cmdline, BootFiles.CommandLine(await File.ReadAllTextAsync(cmdline, cancellationToken)), cancellationToken);
            await File.WriteAllTextAsync(System.IO.Path.Combine(folder.Path, "usercfg.txt"), BootFiles.UserConfig, cancellationToken);
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Package names in the tarball's offline repository index, or null when it has none.</summary>
    public IReadOnlySet<string>? OfflinePackages()
    {
        var index = System.IO.Path.Combine(Path, "apks", "aarch64", "APKINDEX.tar.gz");
        if (!File.Exists(index)) return null;
        using var gzip = new GZipStream(File.OpenRead(index), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name != "APKINDEX" || entry.DataStream is null) continue;
            using var reader = new StreamReader(entry.DataStream);
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith("P:", StringComparison.Ordinal)) names.Add(line[2..]);
            }
            return names;
        }
        return null;
    }

    /// <summary>Replaces any overlay with this node's.</summary>
    public async Task PutOverlayAsync(string node, byte[] overlay, CancellationToken cancellationToken)
    {
        foreach (var old in Directory.EnumerateFiles(Path, "*.apkovl.tar.gz*")) File.Delete(old);
        await File.WriteAllBytesAsync(System.IO.Path.Combine(Path, $"{node}.apkovl.tar.gz"), overlay, cancellationToken);
    }

    private async Task ExtractAsync(string tarball, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
        {
            var relative = SafeRelativePath(entry.Name, tarball);
            if (relative.Length == 0) continue;
            var destination = System.IO.Path.Combine(Path, relative);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(destination);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
                    await entry.ExtractToFileAsync(destination, overwrite: true, cancellationToken);
                    break;
                case TarEntryType.ExtendedAttributes or TarEntryType.GlobalExtendedAttributes:
                    break;
                default:
                    throw new BootstrapException($"{tarball} holds {entry.Name} of type {entry.EntryType}; a FAT boot partition can hold only files and folders.");
            }
        }
    }

    private static string SafeRelativePath(string name, string tarball)
    {
        var parts = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (name.StartsWith('/') || parts.Contains(".."))
        {
            throw new BootstrapException($"{tarball} holds the unsafe path '{name}'; refusing to unpack it.");
        }
        return string.Join(System.IO.Path.DirectorySeparatorChar, parts);
    }

    public void Dispose()
    {
        if (_folder.Exists) _folder.Delete(recursive: true);
    }
}
