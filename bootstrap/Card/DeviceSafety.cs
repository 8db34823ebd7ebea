using System.Globalization;

namespace PiCluster.Bootstrap.Card;

/// <summary>What the kernel says about a block device, read before anything is written to it.</summary>
public sealed record BlockDeviceFacts(
    string Path,
    string Name,
    string Model,
    long SizeBytes,
    bool Removable,
    IReadOnlyList<string> InUseBy,
    bool HoldsRoot,
    bool RootDiskKnown);

/// <summary>
/// Decides whether a block device may be overwritten, from /sys/block and /proc/mounts.
/// The roots are parameters so tests can use fake trees; production uses "/sys" and "/proc".
/// </summary>
public sealed class DeviceSafety(string sysRoot, string procRoot, long maxBytes)
{
    public static DeviceSafety ForThisMachine(long maxBytes) => new("/sys", "/proc", maxBytes);

    private string BlockRoot => Path.Combine(sysRoot, "block");

    public BlockDeviceFacts Inspect(string devicePath)
    {
        var name = KernelName(devicePath);
        var folder = Path.Combine(BlockRoot, name);
        if (!Directory.Exists(folder))
        {
            var parent = DiskOfPartition(name);
            throw new BootstrapException(parent is null
                ? $"{devicePath} is not a block device known to the kernel ({folder} is missing)."
                : $"{devicePath} is a partition; give the whole card, /dev/{parent}.");
        }

        var sectors = long.Parse(ReadOr(Path.Combine(folder, "size"), "0"), CultureInfo.InvariantCulture);
        var model = ReadOr(Path.Combine(folder, "device", "model"), "unknown model");
        var removable = ReadOr(Path.Combine(folder, "removable"), "0") == "1";

        var inUse = new List<string>();
        var rootDisks = new HashSet<string>(StringComparer.Ordinal);
        var rootKnown = false;
        foreach (var (source, mountPoint) in Mounts())
        {
            var disks = DisksBehind(source);
            if (mountPoint == "/")
            {
                rootDisks.UnionWith(disks);
                rootKnown |= disks.Count > 0;
            }
            if (disks.Contains(name)) inUse.Add($"{source} mounted on {mountPoint}");
        }
        foreach (var swap in Swaps())
        {
            if (DisksBehind(swap).Contains(name)) inUse.Add($"{swap} used as swap");
        }
        foreach (var part in new[] { name }.Concat(Partitions(name)))
        {
            var holders = Path.Combine(BlockRoot, name, part == name ? "" : part, "holders");
            if (!Directory.Exists(holders)) continue;
            inUse.AddRange(Directory.EnumerateFileSystemEntries(holders).Order(StringComparer.Ordinal)
                .Select(h => $"{part} held by {Path.GetFileName(h)}"));
        }

        return new BlockDeviceFacts(devicePath, name, model, sectors * 512, removable, inUse, rootDisks.Contains(name), rootKnown);
    }

    /// <summary>Reasons not to write; empty means safe. <paramref name="force"/> lifts all but the root-disk and no-medium checks.</summary>
    public IReadOnlyList<string> Refusals(BlockDeviceFacts facts, bool force)
    {
        var always = new List<string>();
        if (facts.HoldsRoot) always.Add($"{facts.Path} holds the running system (/); it is never written, not even with --force.");
        if (facts.SizeBytes == 0) always.Add($"{facts.Path} has size 0 (no card inserted?).");
        if (force && !facts.RootDiskKnown)
        {
            always.Add("Cannot tell which disk holds / from /proc/mounts, so --force is not allowed; write without --force or use --image.");
        }
        if (force) return always;

        var hint = " (use --force to override)";
        if (facts.InUseBy.Count > 0) always.Add($"{facts.Path} is in use: {string.Join("; ", facts.InUseBy)}. Unmount it first{hint}.");
        if (!facts.Removable) always.Add($"{facts.Path} is not a removable device{hint}; built-in SD slots often report non-removable.");
        if (facts.SizeBytes > maxBytes) always.Add($"{facts.Path} is {ByteSize.Format(facts.SizeBytes)}, larger than {ByteSize.Format(maxBytes)}{hint}.");
        return always;
    }

    private static string KernelName(string devicePath)
    {
        var path = devicePath;
        // /dev/disk/by-id/... names are symlinks to the kernel name.
        if (File.Exists(path) && new FileInfo(path).LinkTarget is not null)
        {
            path = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        return Path.GetFileName(path);
    }

    /// <summary>Whole disks a mount source sits on (through partitions and device-mapper slaves); empty when unknown.</summary>
    private HashSet<string> DisksBehind(string source)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (!source.StartsWith("/dev/", StringComparison.Ordinal)) return result;
        Collect(KernelName(source), result, depth: 0);
        return result;
    }

    private void Collect(string name, HashSet<string> result, int depth)
    {
        if (depth > 8) return;
        var folder = Path.Combine(BlockRoot, name);
        if (Directory.Exists(folder))
        {
            var slaves = Path.Combine(folder, "slaves");
            var children = Directory.Exists(slaves) ? Directory.GetFileSystemEntries(slaves) : [];
            if (children.Length == 0) result.Add(name);
            foreach (var child in children) Collect(Path.GetFileName(child), result, depth + 1);
            return;
        }
        var disk = DiskOfPartition(name);
        if (disk is not null) result.Add(disk);
    }

    private string? DiskOfPartition(string name) =>
        Directory.Exists(BlockRoot)
            ? Directory.EnumerateDirectories(BlockRoot)
                .Select(Path.GetFileName)
                .FirstOrDefault(disk => Directory.Exists(Path.Combine(BlockRoot, disk!, name)))
            : null;

    private IEnumerable<string> Partitions(string disk) =>
        Directory.EnumerateDirectories(Path.Combine(BlockRoot, disk))
            .Select(Path.GetFileName)
            .Where(n => n!.StartsWith(disk, StringComparison.Ordinal))!;

    private IEnumerable<(string Source, string MountPoint)> Mounts()
    {
        var path = Path.Combine(procRoot, "mounts");
        if (!File.Exists(path)) throw new BootstrapException($"{path} is missing; cannot check whether the device is mounted.");
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 2) yield return (Unescape(fields[0]), Unescape(fields[1]));
        }
    }

    private IEnumerable<string> Swaps()
    {
        var path = Path.Combine(procRoot, "swaps");
        if (!File.Exists(path)) return [];
        return File.ReadLines(path).Skip(1).Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 0).Select(f => Unescape(f[0]));
    }

    // /proc/mounts escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string field) =>
        System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    private static string ReadOr(string path, string fallback) =>
        File.Exists(path) ? File.ReadAllText(path).Trim() : fallback;
}
