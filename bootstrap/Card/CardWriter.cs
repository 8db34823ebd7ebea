using System.Globalization;
using PiCluster.Bootstrap.Tools;

namespace PiCluster.Bootstrap.Card;

/// <summary>
/// Writes a prepared boot folder onto an image file or block device without mounting anything:
/// sfdisk for the MBR, mkfs.vfat --offset for p1, mtools to copy, then reads back to verify.
/// The same commands serve files and devices, so the tested path is the one used on real cards.
/// </summary>
public sealed class CardWriter(ICardProgress progress)
{
    public const string VolumeLabel = "ALPINE";

    private static readonly Dictionary<string, string> MtoolsEnvironment = new() { ["MTOOLS_SKIP_CHECK"] = "1" };

    /// <summary>Fails before anything is touched when a tool is missing.</summary>
    public static void RequireTools()
    {
        foreach (var tool in new[] { ExternalTool.Sfdisk, ExternalTool.MkfsVfat, ExternalTool.Mcopy, ExternalTool.Mdir })
        {
            tool.Locate();
        }
    }

    public async Task WriteAsync(string target, bool isDevice, CardLayout layout, uint diskId, string bootFolder, CancellationToken cancellationToken)
    {
        RequireTools();
        var files = Directory.EnumerateFiles(bootFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(bootFolder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var totalBytes = files.Sum(f => new FileInfo(Path.Combine(bootFolder, f)).Length);
        if (totalBytes > layout.BootBytes * 9 / 10)
        {
            throw new BootstrapException($"Boot files need {ByteSize.Format(totalBytes)}, too much for a {ByteSize.Format(layout.BootBytes)} boot partition.");
        }

        using var step = progress.Start($"write {Path.GetFileName(target)}", totalBytes + 3);
        if (!isDevice)
        {
            // A fresh sparse file: nothing of an earlier card survives, and the unused space costs no disk.
            await using (var image = new FileStream(target, FileMode.Create, FileAccess.Write))
            {
                image.SetLength(layout.TotalBytes);
            }
        }

        string[] noKernel = isDevice ? [] : ["--no-reread", "--no-tell-kernel"];
        await ExternalTool.Sfdisk.RunAsync(
            ["-q", "--wipe", "always", .. noKernel, target], cancellationToken, standardInput: layout.SfdiskScript(diskId));
        step.Advance(1);

        var offset = layout.BootStartSector.ToString(CultureInfo.InvariantCulture);
        string[] wholeDisk = isDevice ? ["-I"] : [];
        await ExternalTool.MkfsVfat.RunAsync(
            [
                "-F", "32", "-n", VolumeLabel, "-i", diskId.ToString("x8", CultureInfo.InvariantCulture),
                "-h", offset, "--offset", offset, .. wholeDisk,
                target, (layout.BootBytes / 1024).ToString(CultureInfo.InvariantCulture),
            ],
            cancellationToken);
        step.Advance(1);

        var fat = FatAddress(target, layout);
        foreach (var entry in Directory.EnumerateFileSystemEntries(bootFolder).Order(StringComparer.Ordinal))
        {
            await ExternalTool.Mcopy.RunAsync(["-i", fat, "-s", "-o", "-Q", entry, "::/"], cancellationToken, environment: MtoolsEnvironment);
            step.Advance(SizeOf(entry));
        }

        await VerifyAsync(fat, bootFolder, files, cancellationToken);
        step.Advance(1);
    }

    /// <summary>mtools image address of p1: "&lt;file&gt;@@&lt;byte offset&gt;".</summary>
    public static string FatAddress(string target, CardLayout layout) =>
        $"{target}@@{layout.BootOffsetBytes.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Every file is listed on the FAT, and every top-level file (cmdline, config, overlay, firmware) reads back byte-identical.</summary>
    private static async Task VerifyAsync(string fat, string bootFolder, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var listing = await ExternalTool.Mdir.RunAsync(["-i", fat, "-/", "-a", "-b", "::/"], cancellationToken, environment: MtoolsEnvironment);
        var onCard = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("::/", StringComparison.Ordinal) && !l.EndsWith('/'))
            .Select(l => l[3..])
            .ToHashSet(StringComparer.Ordinal);
        var missing = files.Where(f => !onCard.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            throw new BootstrapException($"Verification failed: {missing.Count} file(s) missing on the card, e.g. {missing[0]}.");
        }

        var readBack = Directory.CreateTempSubdirectory("picluster-verify-");
        try
        {
            foreach (var file in files.Where(f => !f.Contains('/')))
            {
                var copy = Path.Combine(readBack.FullName, file);
                await ExternalTool.Mcopy.RunAsync(["-i", fat, "-n", "-o", $"::/{file}", copy], cancellationToken, environment: MtoolsEnvironment);
                var expected = await Sha256Checksum.OfFileAsync(Path.Combine(bootFolder, file), cancellationToken);
                if (await Sha256Checksum.OfFileAsync(copy, cancellationToken) != expected)
                {
                    throw new BootstrapException($"Verification failed: {file} on the card differs from what was written.");
                }
            }
        }
        finally
        {
            readBack.Delete(recursive: true);
        }
    }

    private static long SizeOf(string entry) =>
        Directory.Exists(entry)
            ? Directory.EnumerateFiles(entry, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : new FileInfo(entry).Length;
}
