using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Ssh;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>
/// p1's device trees, overlays and firmware follow apk upgrades of linux-rpi (issue 10, item 10; issue 21, items 7, 8),
/// FAKE apk running commit hooks and ignoring a failing post-commit hook as apk-tools does, FAKE boot reading config.txt.
/// </summary>
public sealed class BootFirmwareTests
{
    [Fact]
    public async Task After_apk_upgrade_the_firmware_files_at_p1s_root_are_those_of_the_installed_kernel()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal("installed dtb\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/bcm2711-rpi-4-b.dtb")));
        Assert.Equal("installed firmware\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/start4.elf")));

        using var transport = new SshTransport(cluster.Fixture.TransportOptions());
        await using var session = await transport.ConnectAsync(cluster.Fixture.Endpoint("pi0"), CancellationToken.None);
        await session.RunCheckedAsync("apk upgrade linux-rpi", null, CancellationToken.None);

        Assert.Equal("upgraded dtb\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/bcm2711-rpi-4-b.dtb")));
        Assert.Equal("upgraded overlay\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/overlays/vc4-kms-v3d.dtbo")));
        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.Equal(0, rerun.Actions);
    }

    [Fact]
    public async Task An_apk_upgrade_rewrites_only_p1_boot_config_txt_and_the_node_boots_the_new_kernel_through_the_tarballs_config_txt()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes])).Succeeded);
        var rootConfig = File.ReadAllText(node.RootPath("media/mmcblk0p1/config.txt"));

        Assert.Equal(0, SystemDiskTests.RunFake(node, "apk", ["upgrade", "linux-rpi"]).Code);

        // The raspberrypi-bootloader trigger writes /boot/config.txt = p1/boot/config.txt, which the firmware never reads;
        // p1's own config.txt (the tarball's) is untouched and loads the upgraded kernel from boot/.
        Assert.Contains("kernel=vmlinuz-rpi\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/boot/config.txt")));
        Assert.Equal(rootConfig, File.ReadAllText(node.RootPath("media/mmcblk0p1/config.txt")));
        Assert.Equal("upgraded kernel\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/boot/vmlinuz-rpi")));
        var bootId = File.ReadAllText(node.RootPath("proc/sys/kernel/random/boot_id"));
        Assert.True(await node.BootAsync());
        Assert.NotEqual(bootId, File.ReadAllText(node.RootPath("proc/sys/kernel/random/boot_id")));
    }

    [Fact]
    public async Task FAKE_boot_starts_nothing_when_p1_lacks_the_kernel_config_txt_names()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        File.Delete(node.RootPath("media/mmcblk0p1/boot/initramfs-rpi"));

        Assert.False(await node.BootAsync());
        Assert.Contains("boot/initramfs-rpi not found", File.ReadAllText(node.RootPath("fake/boot-failed")));

        File.WriteAllText(node.RootPath("media/mmcblk0p1/boot/initramfs-rpi"), "release initramfs\n");
        File.Delete(node.RootPath("media/mmcblk0p1/bcm2711-rpi-4-b.dtb"));
        Assert.False(await node.BootAsync());
        Assert.Contains("bcm2711-rpi-4-b.dtb not found", File.ReadAllText(node.RootPath("fake/boot-failed")));
    }

    [Fact]
    public async Task A_failing_commit_hook_leaves_a_marker_apk_ignores_it_and_bootstrap_nodes_reports_it_until_a_sync_succeeds()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        Assert.True((await cluster.RunAsync([BootstrapPhases.Nodes])).Succeeded);
        // A damaged p1: a file where the overlays folder should be.
        Directory.Delete(node.RootPath("media/mmcblk0p1/overlays"), recursive: true);
        File.WriteAllText(node.RootPath("media/mmcblk0p1/overlays"), "damaged");

        var upgrade = SystemDiskTests.RunFake(node, "apk", ["upgrade", "linux-rpi"]);

        // apk-tools src/commit.c: the post-commit hook's failure is printed, the commit still succeeds.
        Assert.Equal(0, upgrade.Code);
        Assert.Contains("ERROR: picluster-boot-firmware: exited with error 1", upgrade.Error);
        var marker = File.ReadAllText(node.RootPath(NodeFiles.BootFirmwareSyncFailed.TrimStart('/')));
        Assert.Contains("post-commit", marker);
        Assert.Contains("overlays", marker);

        var broken = await cluster.RunAsync([BootstrapPhases.Nodes]);
        var failure = Assert.Single(broken.Failures);
        Assert.Equal("boot-firmware", failure.Step);
        Assert.Contains("overlays", failure.Message);

        File.Delete(node.RootPath("media/mmcblk0p1/overlays"));
        var repaired = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.True(repaired.Succeeded, string.Join("\n", repaired.Failures));
        Assert.False(File.Exists(node.RootPath(NodeFiles.BootFirmwareSyncFailed.TrimStart('/'))));
        Assert.Equal("upgraded overlay\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/overlays/vc4-kms-v3d.dtbo")));
        Assert.Equal("upgraded dtb\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/bcm2711-rpi-4-b.dtb")));
    }
}
