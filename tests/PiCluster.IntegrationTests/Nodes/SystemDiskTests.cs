using System.Diagnostics;
using PiCluster.Bootstrap.Run;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>The system-disk step on a real sshd test node whose setup-disk, mount and mkfs are FAKES (issue 10, items 1, 10, 13).</summary>
public sealed class SystemDiskTests
{
    [Fact]
    public async Task FAKE_setup_disk_refuses_a_Pi_without_a_vfat_boot_fs_like_upstream()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        File.AppendAllText(node.RootPath("proc/mounts"), $"/dev/mmcblk0p2 {node.RootPath("mnt")} ext4 rw 0 0\n");

        var refused = RunFake(node, "setup-disk", ["-m", "sys", node.RootPath("mnt")]);
        var forced = RunFake(node, "setup-disk", ["-m", "sys", node.RootPath("mnt")], ("FORCE_BOOTFS", "1"));

        Assert.Equal(1, refused.Code);
        Assert.Contains("ext4 is not supported. Only supported are: vfat", refused.Error);
        Assert.Equal(0, forced.Code);
        // A fresh root has no /boot when setup-disk writes its Pi boot config: those writes fail, the install goes on.
        Assert.Contains("mnt/boot/cmdline.txt: nonexistent directory", forced.Error);
        Assert.False(File.Exists(node.RootPath("mnt/boot/cmdline.txt")));
        Assert.Equal("kernel\n", File.ReadAllText(node.RootPath("mnt/boot/vmlinuz-rpi")));
    }

    [Fact]
    public async Task System_disk_installs_onto_p2_on_a_Pi_with_FAKE_setup_disk_and_keeps_our_cmdline()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        var cmdline = File.ReadAllText(node.RootPath("media/mmcblk0p1/cmdline.txt"));
        // root= and rootfstype= as setup-disk puts them on a sys install's line (alpine-conf setup-disk.in
        // install_mounted_root): mkinitfs' initramfs-init loads "$KOPT_modules $rootfstype" and mounts with -t rootfstype.
        Assert.Equal("modules=loop,squashfs,sd-mod,usb-storage quiet console=tty1 cgroup_enable=memory cgroup_memory=1 root=/dev/mmcblk0p2 rootfstype=ext4", cmdline);
        Assert.Equal("kernel\n", File.ReadAllText(node.RootPath("media/mmcblk0p1/boot/vmlinuz-rpi")));
        Assert.False(File.Exists(node.RootPath("media/mmcblk0p1/boot/cmdline.txt")), "setup-disk's own cmdline.txt is not copied to p1");
        Assert.Contains(File.ReadAllLines(node.RootPath("fake/calls.log")), c => c.StartsWith("setup-disk -m sys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task System_disk_removes_the_apkovl_holding_the_host_key_from_p1()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Empty(Directory.GetFiles(node.RootPath("media/mmcblk0p1"), "*.apkovl.tar.gz"));
        // A card switched by an older run still has its overlay: the check says "needed" and the action only removes it.
        File.WriteAllText(node.RootPath("media/mmcblk0p1/pi0.apkovl.tar.gz"), "left over");
        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Equal(1, rerun.Actions);
        Assert.Empty(Directory.GetFiles(node.RootPath("media/mmcblk0p1"), "*.apkovl.tar.gz"));
        Assert.Single(File.ReadAllLines(node.RootPath("fake/calls.log")), c => c.StartsWith("setup-disk", StringComparison.Ordinal));
    }

    /// <summary>Runs one FAKE binary of the node directly, with the node's environment.</summary>
    internal static (int Code, string Output, string Error) RunFake(TestNode node, string name, string[] args, params (string Key, string Value)[] env)
    {
        var start = new ProcessStartInfo(Path.Combine(node.FakeBin, name), args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NODE_ROOT"] = node.Root;
        start.Environment["PATH"] = node.FakeBin + ":/usr/bin:/bin";
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error);
    }
}
