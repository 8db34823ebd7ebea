using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Tools;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Card;

public sealed class OverlayTests : IDisposable
{
    private readonly CardWorkspace _workspace = new();

    // Host keys come from ssh-keygen; a missing one fails here with the install command.
    public OverlayTests() => Tools.Require("ssh-keygen");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Same_node_and_keys_give_byte_identical_overlays()
    {
        var service = _workspace.Service();
        var node = service.FindNode("pi1");
        var first = await service.BuildOverlayAsync(node, CardWorkspace.OperatorKey, CancellationToken.None);
        var second = await service.BuildOverlayAsync(node, CardWorkspace.OperatorKey, CancellationToken.None);
        Assert.Equal(first, second);
        // No clock in the bytes (checked directly rather than by waiting for the clock to move): gzip header magic,
        // method, flags, then MTIME (bytes 4..7) zero, and every tar entry carries the fixed time.
        Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0 }, first[..4]);
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, first[4..8]);
        using var tar = new System.Formats.Tar.TarReader(new System.IO.Compression.GZipStream(new MemoryStream(first), System.IO.Compression.CompressionMode.Decompress));
        var entries = 0;
        while (tar.GetNextEntry() is { } entry)
        {
            entries++;
            Assert.True(entry.ModificationTime == OverlayArchive.FixedModificationTime, $"{entry.Name}: mtime {entry.ModificationTime:O}");
            if (entry is System.Formats.Tar.PaxTarEntry pax)
            {
                Assert.DoesNotContain("atime", pax.ExtendedAttributes.Keys);
                Assert.DoesNotContain("ctime", pax.ExtendedAttributes.Keys);
            }
        }
        Assert.True(entries > 5, $"only {entries} entries in the overlay");
    }

    [Fact]
    public async Task Existing_host_key_is_reused()
    {
        var keyFile = Path.Combine(_workspace.State.NodeFolder("pi2"), "ssh_host_ed25519_key");
        var first = await NodeHostKeys.EnsureAsync(_workspace.State, "pi2", CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(keyFile);
        var second = await NodeHostKeys.EnsureAsync(_workspace.State, "pi2", CancellationToken.None);
        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_workspace.State.Root));
        }
    }

    [Fact]
    public void Interfaces_use_the_subnet_mask_and_gateway()
    {
        var cluster = HomeCluster.Definition;
        var text = NodeOverlay.Interfaces(cluster.Network, cluster.Nodes.Single(n => n.Name == "pi3"));
        Assert.Equal(
            $"auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet static\n\taddress {HomeClusterAddresses.NodesPi3Address}\n\tnetmask 255.255.255.0\n" +
            $"\tgateway {HomeClusterAddresses.NetworkGateway}\n\tup ip link set dev eth0 promisc on\n",
            text);
    }

    [Fact]
    public async Task Rshared_script_passes_shellcheck()
    {
        var script = _workspace.PathOf("rshared.start");
        await File.WriteAllTextAsync(script, NodeOverlay.RsharedScript);
        Tools.Require("shellcheck");
        await new ExternalTool("shellcheck", "shellcheck").RunAsync(["--shell=sh", script], CancellationToken.None);
    }

    [Theory]
    [InlineData("modules=loop,squashfs,sd-mod,usb-storage quiet console=tty1\n")]
    [InlineData("modules=loop,squashfs,sd-mod,usb-storage quiet console=tty1 cgroup_memory=1\r\n")]
    [InlineData("modules=loop,squashfs,sd-mod,usb-storage quiet console=tty1")]
    public void Cmdline_gets_each_cgroup_option_once_on_one_line(string stock)
    {
        var line = BootFiles.CommandLine(stock);
        Assert.Equal("modules=loop,squashfs,sd-mod,usb-storage quiet console=tty1 " + (stock.Contains("cgroup_memory=1") ? "cgroup_memory=1 cgroup_enable=memory cgroup_enable=cpuset" : "cgroup_enable=memory cgroup_memory=1 cgroup_enable=cpuset"), line);
        Assert.Equal(BootFiles.CommandLine(line), line);
    }

    [Fact]
    public void Known_hosts_is_sorted_and_rewritten_only_on_change()
    {
        var path = _workspace.PathOf("known_hosts");
        var a = new NodeHostKey("ssh-ed25519", "", "", "AAAA1");
        var b = new NodeHostKey("ssh-ed25519", "", "", "BBBB2");
        Assert.True(KnownHostsFile.Update(path, "pi3", "192.168.50.60", a));
        Assert.True(KnownHostsFile.Update(path, "pi0", "192.168.50.132", a));
        Assert.False(KnownHostsFile.Update(path, "pi3", "192.168.50.60", a));
        Assert.True(KnownHostsFile.Update(path, "pi3", "192.168.50.60", b));
        Assert.Equal("pi0,192.168.50.132 ssh-ed25519 AAAA1\npi3,192.168.50.60 ssh-ed25519 BBBB2\n", File.ReadAllText(path));
    }
}
