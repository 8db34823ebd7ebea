using PiCluster.Bootstrap;
using PiCluster.Bootstrap.Card;

namespace PiCluster.UnitTests.Card;

/// <summary>Fake /sys and /proc trees: a laptop with its system on sda (or LVM on nvme0n1) and SD cards in readers.</summary>
public sealed class DeviceSafetyTests : IDisposable
{
    private const long Gib = ByteSize.GiB;
    private readonly CardWorkspace _workspace = new();
    private readonly List<string> _mounts = [];

    public DeviceSafetyTests()
    {
        Disk("sda", 512 * Gib, removable: false, "Samsung SSD", "sda1", "sda2");
        Disk("sdb", 32 * Gib, removable: true, "SD Reader", "sdb1", "sdb2");
        Disk("sdc", 64 * Gib, removable: false, "Built-in SD", "sdc1");
        Disk("sdd", 512 * Gib, removable: true, "USB Disk", "sdd1");
        Disk("sde", 0, removable: true, "Empty Reader");
        Mount("/dev/sda2", "/");
        Mount("/dev/sda1", "/boot/efi");
        Mount("proc", "/proc");
    }

    public void Dispose() => _workspace.Dispose();

    private DeviceSafety Safety => new(_workspace.PathOf("sys"), _workspace.PathOf("proc"), 256 * Gib);

    private void Disk(string name, long bytes, bool removable, string model, params string[] partitions)
    {
        var folder = Path.Combine(_workspace.PathOf("sys"), "block", name);
        Directory.CreateDirectory(Path.Combine(folder, "device"));
        File.WriteAllText(Path.Combine(folder, "size"), $"{bytes / 512}\n");
        File.WriteAllText(Path.Combine(folder, "removable"), removable ? "1\n" : "0\n");
        File.WriteAllText(Path.Combine(folder, "device", "model"), model + "          \n");
        foreach (var part in partitions) Directory.CreateDirectory(Path.Combine(folder, part));
    }

    private void Mount(string source, string mountPoint)
    {
        _mounts.Add($"{source} {mountPoint.Replace(" ", "\\040")} ext4 rw,relatime 0 0");
        Directory.CreateDirectory(_workspace.PathOf("proc"));
        File.WriteAllLines(Path.Combine(_workspace.PathOf("proc"), "mounts"), _mounts);
    }

    [Fact]
    public void Unmounted_removable_card_is_accepted()
    {
        var facts = Safety.Inspect("/dev/sdb");
        Assert.Equal(("sdb", "SD Reader", 32 * Gib, true, false), (facts.Name, facts.Model, facts.SizeBytes, facts.Removable, facts.HoldsRoot));
        Assert.Empty(Safety.Refusals(facts, force: false));
        Assert.Equal("sdb", _workspace.Service(safety: Safety).CheckDevice("/dev/sdb", force: false).Name);
    }

    [Fact]
    public void Mounted_card_is_refused_unless_forced()
    {
        Mount("/dev/sdb1", "/media/me/ALPINE CARD");
        var facts = Safety.Inspect("/dev/sdb");
        var refusal = Assert.Single(Safety.Refusals(facts, force: false));
        Assert.Contains("/dev/sdb1 mounted on /media/me/ALPINE CARD", refusal);
        Assert.Empty(Safety.Refusals(facts, force: true));
    }

    [Fact]
    public void Card_used_as_swap_is_refused()
    {
        File.WriteAllText(Path.Combine(_workspace.PathOf("proc"), "swaps"), "Filename Type Size Used Priority\n/dev/sdb2 partition 1024 0 -2\n");
        Assert.Contains("swap", Assert.Single(Safety.Refusals(Safety.Inspect("/dev/sdb"), force: false)));
    }

    [Fact]
    public void Non_removable_disk_is_refused_unless_forced()
    {
        var facts = Safety.Inspect("/dev/sdc");
        Assert.Contains("not a removable device", Assert.Single(Safety.Refusals(facts, force: false)));
        Assert.Empty(Safety.Refusals(facts, force: true));
    }

    [Fact]
    public void Disk_over_256_gib_is_refused_unless_forced()
    {
        var facts = Safety.Inspect("/dev/sdd");
        Assert.Contains("larger than 256 GiB", Assert.Single(Safety.Refusals(facts, force: false)));
        Assert.Empty(Safety.Refusals(facts, force: true));
    }

    [Fact]
    public void Root_disk_is_refused_even_with_force()
    {
        var facts = Safety.Inspect("/dev/sda");
        Assert.True(facts.HoldsRoot);
        Assert.Contains(Safety.Refusals(facts, force: true), r => r.Contains("holds the running system"));
        var e = Assert.Throws<BootstrapException>(() => _workspace.Service(safety: Safety).CheckDevice("/dev/sda", force: true));
        Assert.Contains("Refusing to write /dev/sda (Samsung SSD, 512 GiB)", e.Message);
    }

    [Fact]
    public void Root_on_device_mapper_is_traced_to_its_disk()
    {
        Disk("nvme0n1", 1024 * Gib, removable: false, "NVMe", "nvme0n1p1", "nvme0n1p3");
        Disk("dm-0", 900 * Gib, removable: false, "");
        Directory.CreateDirectory(Path.Combine(_workspace.PathOf("sys"), "block", "dm-0", "slaves", "nvme0n1p3"));
        _mounts.Clear();
        Mount("/dev/dm-0", "/");
        Assert.True(Safety.Inspect("/dev/nvme0n1").HoldsRoot);
        Assert.False(Safety.Inspect("/dev/sda").HoldsRoot);
    }

    [Fact]
    public void Unknown_root_disk_forbids_force()
    {
        _mounts.Clear();
        Mount("overlay", "/");
        var facts = Safety.Inspect("/dev/sdc");
        Assert.False(facts.RootDiskKnown);
        Assert.Contains("Cannot tell which disk holds /", Assert.Single(Safety.Refusals(facts, force: true)));
    }

    [Fact]
    public void Partition_and_empty_reader_are_refused()
    {
        Assert.Contains("is a partition; give the whole card, /dev/sdb", Assert.Throws<BootstrapException>(() => Safety.Inspect("/dev/sdb1")).Message);
        Assert.Contains("no card inserted", Assert.Single(Safety.Refusals(Safety.Inspect("/dev/sde"), force: true)));
    }
}
