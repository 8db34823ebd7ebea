using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Tools;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Card;

/// <summary>Writes pi1 into a 2G sparse image once (default 1 GiB boot partition) and reads it back with sfdisk and mtools.</summary>
public sealed class Pi1ImageFixture : IAsyncLifetime
{
    public CardWorkspace Workspace { get; } = new();
    public string Image { get; private set; } = "";

    public async Task InitializeAsync() => Image = await Workspace.WriteImageAsync("pi1");

    public Task DisposeAsync()
    {
        Workspace.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class CardImageTests(Pi1ImageFixture fixture) : IClassFixture<Pi1ImageFixture>
{
    [Fact]
    public async Task Partition_table_is_bootable_fat32_then_linux()
    {
        var json = await ExternalTool.Sfdisk.RunAsync(["--json", fixture.Image], CancellationToken.None);
        var table = JsonDocument.Parse(json).RootElement.GetProperty("partitiontable");
        Assert.Equal("dos", table.GetProperty("label").GetString());
        var parts = table.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(2, parts.Count);

        Assert.Equal("c", parts[0].GetProperty("type").GetString());
        Assert.True(parts[0].GetProperty("bootable").GetBoolean());
        Assert.Equal(2048, parts[0].GetProperty("start").GetInt64());
        Assert.Equal(ByteSize.GiB / 512, parts[0].GetProperty("size").GetInt64());

        Assert.Equal("83", parts[1].GetProperty("type").GetString());
        Assert.False(parts[1].TryGetProperty("bootable", out _));
        Assert.Equal(2048 + ByteSize.GiB / 512, parts[1].GetProperty("start").GetInt64());
        Assert.Equal(2 * ByteSize.GiB / 512, parts[1].GetProperty("start").GetInt64() + parts[1].GetProperty("size").GetInt64());
        Assert.Equal(2 * ByteSize.GiB, new FileInfo(fixture.Image).Length);
    }

    [Fact]
    public async Task Cmdline_is_one_line_with_cgroup_options()
    {
        var cmdline = await CardWorkspace.TypeAsync(fixture.Image, "cmdline.txt");
        Assert.DoesNotContain('\n', cmdline);
        Assert.StartsWith(CardWorkspace.StockCmdline.TrimEnd('\n') + " ", cmdline);
        foreach (var option in new[] { "cgroup_enable=memory", "cgroup_memory=1", "cgroup_enable=cpuset" })
        {
            Assert.Contains(option, cmdline.Split(' '));
        }
    }

    [Fact]
    public async Task Config_txt_is_unchanged_and_settings_go_to_usercfg()
    {
        Assert.Equal(CardWorkspace.StockConfig, await CardWorkspace.TypeAsync(fixture.Image, "config.txt"));
        Assert.Equal(BootFiles.UserConfig, await CardWorkspace.TypeAsync(fixture.Image, "usercfg.txt"));
    }

    [Fact]
    public async Task Tarball_contents_sit_at_the_fat_root()
    {
        var listing = await ExternalTool.Mdir.RunAsync(["-i", CardWorkspace.BootAddress(fixture.Image), "-/", "-a", "-b", "::/"],
            CancellationToken.None, environment: new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });
        var files = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var expected in new[] { "::/.alpine-release", "::/apks/.boot_repository", "::/boot/vmlinuz-rpi", "::/bootcode.bin", "::/pi1.apkovl.tar.gz" })
        {
            Assert.Contains(expected, files);
        }
        Assert.Single(files, f => f.Contains("apkovl", StringComparison.Ordinal));
        Assert.Equal("3.24.2\n", await CardWorkspace.TypeAsync(fixture.Image, ".alpine-release"));
        Assert.Equal(new byte[] { 0, 1, 2, 3, 255 }, await fixture.Workspace.CopyOutAsync(fixture.Image, "bootcode.bin"));
    }

    [Fact]
    public async Task Fat_volume_is_labelled_alpine()
    {
        var info = await new ExternalTool("minfo", "mtools").RunAsync(["-i", CardWorkspace.BootAddress(fixture.Image), "::"],
            CancellationToken.None, environment: new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });
        Assert.Contains("ALPINE", info);
        Assert.Contains("FAT32", info);
    }

    [Fact]
    public async Task Overlay_on_the_card_holds_the_node_configuration()
    {
        var overlay = await fixture.Workspace.CopyOutAsync(fixture.Image, "pi1.apkovl.tar.gz");
        var entries = ReadOverlay(overlay);

        Assert.All(entries.Values, e =>
        {
            Assert.Equal(0, e.Uid);
            Assert.Equal(0, e.Gid);
            Assert.Equal("root", e.UserName);
            Assert.Equal("root", e.GroupName);
            Assert.Equal(OverlayArchive.FixedModificationTime, e.ModificationTime);
        });
        Assert.Equal(entries.Keys.Order(StringComparer.Ordinal), entries.Keys);

        Assert.Equal("pi1\n", entries["etc/hostname"].Text);
        var interfaces = entries["etc/network/interfaces"].Text;
        Assert.Contains("iface eth0 inet static", interfaces);
        Assert.Contains($"address {HomeClusterAddresses.NodesPi1Address}", interfaces);
        Assert.Contains("netmask 255.255.255.0", interfaces);
        Assert.Contains($"gateway {HomeClusterAddresses.NetworkGateway}", interfaces);
        Assert.Contains("up ip link set dev eth0 promisc on", interfaces);
        Assert.Contains("iface lo inet loopback", interfaces);
        Assert.Equal($"nameserver {HomeClusterAddresses.NetworkGateway}\nnameserver 9.9.9.9\n", entries["etc/resolv.conf"].Text);
        Assert.Contains($"{HomeClusterAddresses.NodesPi1Address}\tpi1\n", entries["etc/hosts"].Text);
        Assert.Contains("127.0.0.1\tlocalhost", entries["etc/hosts"].Text);

        var sshd = entries["etc/ssh/sshd_config"].Text.Split('\n');
        Assert.Contains("PermitRootLogin prohibit-password", sshd);
        Assert.Contains("PasswordAuthentication no", sshd);
        Assert.Contains("HostKey /etc/ssh/ssh_host_ed25519_key", sshd);

        Assert.Equal(CardWorkspace.OperatorKey + "\n", entries["root/.ssh/authorized_keys"].Text);
        Assert.Equal(Octal.Mode("600"), entries["root/.ssh/authorized_keys"].Mode);
        Assert.Equal(Octal.Mode("700"), entries["root/.ssh/"].Mode);
        Assert.Equal(Octal.Mode("700"), entries["root/"].Mode);
        Assert.Equal(TarEntryType.Directory, entries["root/.ssh/"].Type);

        var hostKey = entries["etc/ssh/ssh_host_ed25519_key"];
        Assert.Equal(Octal.Mode("600"), hostKey.Mode);
        Assert.Contains("BEGIN OPENSSH PRIVATE KEY", hostKey.Text);
        Assert.Equal(File.ReadAllText(Path.Combine(fixture.Workspace.State.NodeFolder("pi1"), "ssh_host_ed25519_key")), hostKey.Text);
        Assert.StartsWith("ssh-ed25519 ", entries["etc/ssh/ssh_host_ed25519_key.pub"].Text);
        Assert.Equal(Octal.Mode("644"), entries["etc/ssh/ssh_host_ed25519_key.pub"].Mode);

        Assert.Equal("alpine-base\nchrony\ne2fsprogs\nopenssh\n", entries["etc/apk/world"].Text);
        Assert.Contains("/media/mmcblk0p1/apks\n", entries["etc/apk/repositories"].Text);
        Assert.Contains("/v3.24/community\n", entries["etc/apk/repositories"].Text);
        Assert.Contains("pool ", entries["etc/chrony/chrony.conf"].Text);

        Assert.Equal(TarEntryType.RegularFile, entries["etc/.default_boot_services"].Type);
        Assert.Equal("", entries["etc/.default_boot_services"].Text);

        foreach (var svc in new[] { "networking", "sshd", "chronyd", "local" })
        {
            var link = entries[$"etc/runlevels/default/{svc}"];
            Assert.Equal(TarEntryType.SymbolicLink, link.Type);
            Assert.Equal($"/etc/init.d/{svc}", link.LinkName);
        }

        var rshared = entries["etc/local.d/rshared.start"];
        Assert.Equal(Octal.Mode("755"), rshared.Mode);
        Assert.StartsWith("#!/bin/sh\n", rshared.Text);
        Assert.Contains("mount --make-rshared /\n", rshared.Text);
    }

    [Fact]
    public void Known_hosts_records_the_key_on_the_card()
    {
        var line = Assert.Single(File.ReadAllLines(fixture.Workspace.State.KnownHostsFile));
        var pub = File.ReadAllText(Path.Combine(fixture.Workspace.State.NodeFolder("pi1"), "ssh_host_ed25519_key.pub")).Split(' ');
        Assert.Equal($"pi1,192.168.50.135 ssh-ed25519 {pub[1]}", line);
    }

    public sealed record Entry(TarEntryType Type, UnixFileMode Mode, int Uid, int Gid, string UserName, string GroupName,
        DateTimeOffset ModificationTime, string LinkName, string Text);

    public static Dictionary<string, Entry> ReadOverlay(byte[] overlay)
    {
        var result = new Dictionary<string, Entry>();
        using var tar = new TarReader(new GZipStream(new MemoryStream(overlay), CompressionMode.Decompress));
        while (tar.GetNextEntry() is { } e)
        {
            var text = e.DataStream is null ? "" : new StreamReader(e.DataStream).ReadToEnd();
            var posix = (PosixTarEntry)e;
            result.Add(e.Name, new Entry(e.EntryType, e.Mode, e.Uid, e.Gid, posix.UserName, posix.GroupName, e.ModificationTime, e.LinkName, text));
        }
        return result;
    }
}
