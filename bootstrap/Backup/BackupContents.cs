using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace PiCluster.Bootstrap.Backup;

/// <summary>
/// The four files of one nightly backup in memory (snapshot, PKI archive and their sha256 files), as `backup pull` packs
/// them into the tar it encrypts and `--from` reads them back. Every constructor path checks the data files against
/// their sha256 files, so a damaged copy is refused before it reaches a node.
/// </summary>
public sealed class BackupContents
{
    private readonly Dictionary<string, byte[]> _files;

    private BackupContents(BackupStamp stamp, Dictionary<string, byte[]> files)
    {
        Stamp = stamp;
        _files = files;
        foreach (var name in stamp.Files)
        {
            if (!_files.ContainsKey(name)) throw new BootstrapException($"backup {stamp} lacks {name}");
        }
        foreach (var name in new[] { stamp.Snapshot, stamp.PkiArchive })
        {
            var recorded = Encoding.UTF8.GetString(_files[name + ".sha256"]).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var actual = Sha256(_files[name]);
            if (!string.Equals(recorded, actual, StringComparison.OrdinalIgnoreCase))
                throw new BootstrapException($"backup {stamp}: {name} has SHA-256 {actual}, but {name}.sha256 records {recorded}: the copy is damaged.");
        }
    }

    public BackupStamp Stamp { get; }

    public IReadOnlyDictionary<string, byte[]> Files => _files;

    public byte[] Snapshot => _files[Stamp.Snapshot];

    public byte[] PkiArchive => _files[Stamp.PkiArchive];

    public static BackupContents Of(BackupStamp stamp, IReadOnlyDictionary<string, byte[]> files) =>
        new(stamp, files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));

    /// <summary>Reads a tar holding exactly one backup's four files (any order, optional "./" prefixes).</summary>
    public static BackupContents FromTar(byte[] tar, string what)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var reader = new TarReader(new MemoryStream(tar));
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                using var data = new MemoryStream();
                entry.DataStream?.CopyTo(data);
                files[Path.GetFileName(entry.Name)] = data.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new BootstrapException($"{what} is not a backup archive: {e.Message}");
        }
        var snapshots = files.Keys.Select(n => n.StartsWith("etcd-", StringComparison.Ordinal) && n.EndsWith(".db", StringComparison.Ordinal) ? n[5..^3] : null)
            .OfType<string>().Where(BackupStamp.IsValid).ToList();
        if (snapshots.Count != 1)
            throw new BootstrapException($"{what} holds {snapshots.Count} etcd snapshots (etcd-<stamp>.db); a backup copy holds exactly one.");
        return new BackupContents(new BackupStamp(snapshots[0]), files);
    }

    /// <summary>The four files as a tar with fixed metadata (owner root, mode 0600, the backup's time), in a fixed order.</summary>
    public byte[] ToTar()
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var name in Stamp.Files)
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(_files[name]),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    ModificationTime = Stamp.Time,
                    Uid = 0,
                    Gid = 0,
                    UserName = "root",
                    GroupName = "root",
                };
                writer.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// Checks each file against the SHA-256 the control plane computed over the NFS source (`sha256sum` lines): what
    /// crossed SSH is what the NAS holds.
    /// </summary>
    public void VerifyAgainstSource(IReadOnlyDictionary<string, string> sourceSha256, string source)
    {
        foreach (var name in Stamp.Files)
        {
            if (!sourceSha256.TryGetValue(name, out var expected))
                throw new BootstrapException($"{source} gave no SHA-256 for {name}");
            var actual = Sha256(_files[name]);
            if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                throw new BootstrapException($"{name}: SHA-256 {actual} after the copy, {expected} at the source ({source}); nothing was written, rerun.");
        }
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
