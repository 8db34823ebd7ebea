namespace PiCluster.Bootstrap.Card;

/// <summary>
/// Where the two partitions sit: MBR, p1 FAT32 (0x0c, bootable) from 1 MiB, p2 Linux (0x83) for the rest.
/// All values in 512-byte sectors, aligned to 1 MiB.
/// </summary>
public sealed record CardLayout(long TotalBytes, long BootBytes)
{
    public const int SectorSize = 512;
    public const long FirstSector = ByteSize.MiB / SectorSize;

    /// <summary>FAT32 needs 65525 clusters; with 512-byte clusters that is just over 32 MiB.</summary>
    public const long MinimumBootBytes = 64 * ByteSize.MiB;

    /// <summary>p2 is formatted later by the sys install; it only has to exist.</summary>
    public const long MinimumRootBytes = 16 * ByteSize.MiB;

    public long BootStartSector => FirstSector;
    public long BootSectors => BootBytes / SectorSize;
    public long BootOffsetBytes => BootStartSector * SectorSize;
    public long RootStartSector => BootStartSector + BootSectors;

    public static CardLayout For(long totalBytes, long bootBytes)
    {
        if (bootBytes < MinimumBootBytes || bootBytes % ByteSize.MiB != 0)
        {
            throw new BootstrapException($"Boot partition size {bootBytes} must be a whole number of MiB and at least {ByteSize.Format(MinimumBootBytes)}.");
        }
        var needed = ByteSize.MiB + bootBytes + MinimumRootBytes;
        if (totalBytes < needed)
        {
            throw new BootstrapException(
                $"{ByteSize.Format(totalBytes)} is too small for a {ByteSize.Format(bootBytes)} boot partition; need at least {ByteSize.Format(needed)}.");
        }
        return new CardLayout(totalBytes, bootBytes);
    }

    /// <summary>sfdisk script; the disk id is fixed per node so the same card gets the same table.</summary>
    public string SfdiskScript(uint diskId) =>
        "label: dos\n" +
        $"label-id: 0x{diskId:x8}\n" +
        "unit: sectors\n" +
        "\n" +
        $"start={BootStartSector}, size={BootSectors}, type=c, bootable\n" +
        $"start={RootStartSector}, type=83\n";
}
