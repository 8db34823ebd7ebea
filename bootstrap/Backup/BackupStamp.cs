using System.Globalization;
using System.Text.RegularExpressions;

namespace PiCluster.Bootstrap.Backup;

/// <summary>
/// One nightly backup, named by its UTC stamp as cluster/Scripts/etcd-backup.sh writes it: etcd-&lt;stamp&gt;.db and
/// etcd-&lt;stamp&gt;.pki.tar.gz, each with a `sha256sum` file next to it.
/// </summary>
public sealed partial record BackupStamp(string Value) : IComparable<BackupStamp>
{
    public string Snapshot => $"etcd-{Value}.db";

    public string PkiArchive => $"etcd-{Value}.pki.tar.gz";

    /// <summary>The four files of the backup, in the order they are packed.</summary>
    public IReadOnlyList<string> Files => [Snapshot, Snapshot + ".sha256", PkiArchive, PkiArchive + ".sha256"];

    /// <summary>The encrypted copy `backup pull` writes.</summary>
    public string CopyName => $"etcd-{Value}.tar.age";

    public DateTimeOffset Time => DateTimeOffset.ParseExact(Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static bool IsValid(string value) => Pattern().IsMatch(value) &&
        DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>A stamp from an option; anything else is bad input naming the option and the value.</summary>
    public static BackupStamp Parse(string value, string option) => IsValid(value)
        ? new BackupStamp(value)
        : throw new BootstrapException($"{option} {value}: not a backup stamp; backups are named like 20261127T030000Z (UTC), see `bootstrap backup pull --dry-run` or the NFS export.");

    /// <summary>The stamp in an encrypted copy's file name (etcd-&lt;stamp&gt;.tar.age), or null.</summary>
    public static BackupStamp? FromCopyName(string fileName)
    {
        var match = CopyPattern().Match(fileName);
        return match.Success && IsValid(match.Groups["stamp"].Value) ? new BackupStamp(match.Groups["stamp"].Value) : null;
    }

    public int CompareTo(BackupStamp? other) => string.CompareOrdinal(Value, other?.Value);

    public override string ToString() => Value;

    [GeneratedRegex(@"^\d{8}T\d{6}Z$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^etcd-(?<stamp>\d{8}T\d{6}Z)\.tar\.age$")]
    private static partial Regex CopyPattern();
}
