using System.Diagnostics;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;

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
        Assert.Equal("kernel\n", File.ReadAllText(node.RootPath("mnt/boot/vmlinuz-rpi")));
    }

    [Fact]
    public async Task FAKE_setup_disk_writes_only_cmdline_txt_config_txt_comes_from_the_bootloader_trigger_and_lbu_carries_etc_not_root()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        File.AppendAllText(node.RootPath("proc/mounts"), $"/dev/mmcblk0p2 {node.RootPath("mnt")} ext4 rw 0 0\n");

        var forced = RunFake(node, "setup-disk", ["-m", "sys", node.RootPath("mnt")], ("FORCE_BOOTFS", "1"));

        Assert.Equal(0, forced.Code);
        // setup_raspberrypi_bootloader: mkdir -p <dir>/boot, then one line, no cgroup options (alpine-conf setup-disk.in).
        Assert.DoesNotContain("nonexistent directory", forced.Error);
        Assert.Equal("root=UUID=0b5e5a1e-0000-4000-8000-000000000002 modules=sd-mod,usb-storage,ext4 quiet rootfstype=ext4\n",
            File.ReadAllText(node.RootPath("mnt/boot/cmdline.txt")));
        // config.txt is the raspberrypi-bootloader trigger's, for the kernel it finds in /boot.
        var config = File.ReadAllText(node.RootPath("mnt/boot/config.txt"));
        Assert.Contains("kernel=vmlinuz-rpi\n", config);
        Assert.Contains("initramfs initramfs-rpi\n", config);
        // lbu package carries unowned files under /etc (the host keys) and nothing from /root.
        Assert.Equal("private\n", File.ReadAllText(node.RootPath("mnt/etc/ssh/ssh_host_ed25519_key")));
        Assert.False(File.Exists(node.RootPath("mnt/root/.ssh/authorized_keys")), "lbu does not carry /root/.ssh/authorized_keys");
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
    public async Task System_disk_carries_the_operators_authorized_keys_which_lbu_leaves_behind()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];

        var report = await cluster.RunAsync([BootstrapPhases.Nodes]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(File.ReadAllText(node.RootPath("root/.ssh/authorized_keys")), File.ReadAllText(node.RootPath("mnt/root/.ssh/authorized_keys")));
    }

    [Fact]
    public async Task The_apkovl_stays_on_p1_until_the_node_has_booted_from_p2_and_leaves_in_a_step_after_the_reboot()
    {
        await using var cluster = await TestCluster.StartAsync(nodeCount: 1);
        var node = cluster["pi0"];
        // p2 cannot be mounted: the initramfs stops in its recovery shell, the node never answers again.
        File.WriteAllText(node.RootPath("fake/p2-unbootable"), "");

        var failed = await cluster.RunAsync([BootstrapPhases.Nodes]);

        var failure = Assert.Single(failed.Failures);
        Assert.Equal("reboot", failure.Step);
        Assert.Contains("Mounting root failed", File.ReadAllText(node.RootPath("fake/boot-failed")));
        // The way back: the apkovl (host key, sshd, authorized_keys) is still on p1, so removing root= from cmdline.txt
        // boots the node diskless with SSH again.
        Assert.Single(Directory.GetFiles(node.RootPath("media/mmcblk0p1"), "*.apkovl.tar.gz"));
        Assert.Contains("root=/dev/mmcblk0p2", File.ReadAllText(node.RootPath("media/mmcblk0p1/cmdline.txt")));

        // Repaired (p2 mounts again) and powered on: the rerun finds p2 booted and only then removes the apkovl.
        File.Delete(node.RootPath("fake/p2-unbootable"));
        Assert.True(await node.BootAsync());
        await node.StartAsync();
        var observer = new RecordingObserver();
        var rerun = await cluster.RunAsync([BootstrapPhases.Nodes], observer: observer);

        Assert.True(rerun.Succeeded, string.Join("\n", rerun.Failures));
        Assert.Empty(Directory.GetFiles(node.RootPath("media/mmcblk0p1"), "*.apkovl.tar.gz"));
        var steps = observer.Finished.Select(f => (f.Step, f.Outcome)).ToList();
        Assert.Contains(("apkovl-removal", StepOutcome.Done), steps);
        Assert.True(steps.FindIndex(s => s.Step == "reboot") < steps.FindIndex(s => s.Step == "apkovl-removal"));
        Assert.Single(File.ReadAllLines(node.RootPath("fake/calls.log")), c => c.StartsWith("setup-disk", StringComparison.Ordinal));
        var again = await cluster.RunAsync([BootstrapPhases.Nodes]);
        Assert.Equal(0, again.Actions);
    }

    /// <summary>Runs one FAKE binary of the node directly, with the node's environment.</summary>
    internal static (int Code, string Output, string Error) RunFake(TestNode node, string name, string[] args, params (string Key, string Value)[] env)
    {
        var start = new ProcessStartInfo(Path.Combine(node.FakeBin, name), args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NODE_ROOT"] = node.Root;
        start.Environment["PATH"] = node.FakeBin + ":/usr/bin:/bin";
        start.Environment["FAKE_NODE"] = node.Name;
        start.Environment["FAKE_CLUSTER"] = node.ClusterState;
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error);
    }
}
