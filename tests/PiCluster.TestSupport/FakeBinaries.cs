namespace PiCluster.TestSupport;

/// <summary>
/// A full FAKE node: every fake of <see cref="FakeScripts"/> (apk, rc-update, kubeadm, mkfs.ext4, reboot, …, one file each
/// in Fakes/) first on the test node's PATH, and a freshly carded, diskless Alpine root. The fakes log every call to
/// <c>$NODE_ROOT/fake/calls.log</c>, every call that changes something to <c>$NODE_ROOT/fake/changes.log</c>, and keep
/// their effects as files under <c>$NODE_ROOT</c> (and <c>$FAKE_CLUSTER</c> for cluster-wide state) so the real checks see them.
/// </summary>
public static class FakeBinaries
{
    /// <summary>Writes the fakes into the node's fakebin and lays out a freshly carded, diskless Alpine root.</summary>
    public static void Install(TestNode node)
    {
        FakeScripts.InstallAll(node.FakeBin);
        var root = node.Root;
        Write(root, "etc/hostname", node.Name + "\n");
        Write(root, "etc/apk/repositories", "/media/mmcblk0p1/apks\nhttps://dl-cdn.alpinelinux.org/alpine/v3.24/main\n");
        Write(root, "etc/apk/world", "alpine-base\nchrony\ne2fsprogs\nopenssh\n");
        Write(root, "etc/fstab", "/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/sda2\tnone\tswap\tsw 0 0\n");
        Write(root, "etc/local.d/rshared.start", "#!/bin/sh\nmount --make-rshared /\n");
        Write(root, "etc/ssh/sshd_config", "PermitRootLogin prohibit-password\n");
        Write(root, "etc/ssh/ssh_host_ed25519_key", "private\n");
        Write(root, "etc/ssh/ssh_host_ed25519_key.pub", "public\n");
        Write(root, "root/.ssh/authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeOperatorKeyFakeOperatorKeyFakeOperat operator\n");
        // Init scripts of what the card installs (alpine-base's openrc and busybox-openrc, chrony, openssh): rc-update refuses others.
        foreach (var svc in new[] { "chronyd", "crond", "local", "networking", "sshd" })
        {
            Write(root, "etc/init.d/" + svc, "#!/sbin/openrc-run\n");
        }
        Directory.CreateDirectory(Path.Combine(root, "etc/runlevels/default"));
        foreach (var svc in new[] { "local", "networking", "sshd" })
        {
            File.CreateSymbolicLink(Path.Combine(root, "etc/runlevels/default", svc), "/etc/init.d/" + svc);
        }
        Write(root, "proc/mounts", "tmpfs / tmpfs rw,relatime 0 0\n/dev/mmcblk0p1 /media/mmcblk0p1 vfat ro,relatime 0 0\n");
        Write(root, "proc/self/mountinfo", "22 1 0:21 / / rw,relatime - tmpfs rootfs rw\n24 22 179:1 / /media/mmcblk0p1 ro,relatime - vfat /dev/mmcblk0p1 ro\n");
        Write(root, "proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/sda2\tpartition\t1048572\t\t0\t\t-2\n");
        Write(root, "proc/sys/kernel/random/boot_id", Guid.NewGuid().ToString("N") + "\n");
        // The release the card was written from, and the kernel it boots (alpine-rpi tarball, linux-rpi).
        Write(root, "etc/alpine-release", "3.24.2\n");
        Write(root, "etc/os-release", "NAME=\"Alpine Linux\"\nVERSION_ID=3.24.2\nPRETTY_NAME=\"Alpine Linux v3.24\"\n");
        Write(root, "proc/sys/kernel/osrelease", "6.12.13-0-rpi\n");
        Directory.CreateDirectory(Path.Combine(root, "lib/modules/6.12.13-0-rpi"));
        Write(root, "proc/uptime", "86400.12 170000.50\n");
        Write(root, "proc/sys/net/ipv4/ip_forward", "0\n");
        Write(root, "media/mmcblk0p1/cmdline.txt", "modules=loop,squashfs,sd-mod,usb-storage quiet console=tty1 cgroup_enable=memory cgroup_memory=1");
        Write(root, "media/mmcblk0p1/boot/vmlinuz-rpi", "release kernel\n");
        Write(root, "media/mmcblk0p1/boot/initramfs-rpi", "release initramfs\n");
        // The alpine-rpi tarball's config.txt (aports scripts/mkimg.arm.sh rpi_gen_config) and the card's usercfg.txt.
        Write(root, "media/mmcblk0p1/config.txt", AlpineConfigTxt);
        Write(root, "media/mmcblk0p1/usercfg.txt", PiCluster.Bootstrap.Card.BootFiles.UserConfig);
        // The release tarball's firmware files at p1's root, and the card's overlay (alpine-rpi tarball layout).
        Write(root, "media/mmcblk0p1/bcm2711-rpi-4-b.dtb", "release dtb\n");
        Write(root, "media/mmcblk0p1/overlays/vc4-kms-v3d.dtbo", "release overlay\n");
        Write(root, "media/mmcblk0p1/start4.elf", "release firmware\n");
        Write(root, $"media/mmcblk0p1/{node.Name}.apkovl.tar.gz", "overlay with the host private key\n");
        // setup-disk's is_rpi reads this.
        Write(root, "proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.5\0");
        Write(root, "fake/calls.log", "");
        Write(root, "fake/changes.log", "");
    }

    /// <summary>config.txt at p1's root as the alpine-rpi release tarball ships it: the firmware loads boot/vmlinuz-rpi.</summary>
    public const string AlpineConfigTxt = """
        # do not modify this file as it will be overwritten on upgrade.
        # create and/or modify usercfg.txt instead.
        # https://www.raspberrypi.com/documentation/computers/config_txt.html

        kernel=boot/vmlinuz-rpi
        initramfs boot/initramfs-rpi
        arm_64bit=1
        include usercfg.txt

        """;

    public static string[] Changes(TestNode node) =>
        File.ReadAllLines(Path.Combine(node.Root, "fake/changes.log"));

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
