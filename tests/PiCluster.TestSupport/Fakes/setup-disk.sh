#!/bin/sh
# FAKE setup-disk, after alpinelinux/alpine-conf setup-disk.in (install_mounted_root, supported_boot_fs, is_rpi,
# the BOOTLOADER defaults at the end of the script and setup_raspberrypi_bootloader): a mounted-root install
# ("-m sys <dir>") finds the boot filesystem on <dir>/boot, or on <dir> itself when nothing is mounted there; on
# a Raspberry Pi only vfat is accepted, anything else exits 1 with upstream's message unless FORCE_BOOTFS is
# set. An unknown BOOTLOADER dies like upstream.
# /etc comes from `lbu package -` (alpine-conf lbu.in _gen_filelist: `apk audit --backup` over apk's protected paths,
# by default +etc — apk-tools src/database.c): files under /etc that no package owns, such as the SSH host keys and
# local.d scripts, are carried; /root is not a protected path, so /root/.ssh/authorized_keys is not.
# setup_raspberrypi_bootloader does `mkdir -p <dir>/boot` and writes only cmdline.txt there ("root=UUID=…
# modules=sd-mod,usb-storage,ext4 quiet rootfstype=ext4": KERNELOPTS defaults to "quiet", install_mounted_root adds
# rootfstype; no cgroup options). config.txt is not setup-disk's: it appears during `apk add --root`, when the
# raspberrypi-bootloader trigger (aports main/raspberrypi-bootloader update-raspberrypi-bootloader, watching /boot)
# writes /boot/config.txt with `kernel=vmlinuz-rpi` / `initramfs initramfs-rpi` for the kernel linux-rpi installed.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

{ [ "$1" = -m ] && [ "$2" = sys ] && [ $# -eq 3 ]; } || { echo "fake setup-disk: unsupported $*" >&2; exit 99; }
mnt=${3%/}
is_rpi() { grep -q "Raspberry Pi" "$R/proc/device-tree/model" 2> /dev/null; }
mounted() { awk -v m="$1" -v f="$2" '$2 == m { v = (f == "dev" ? $1 : $3) } END { print v }' "$R/proc/mounts"; }
if is_rpi; then BOOTLOADER=${BOOTLOADER:-raspberrypi-bootloader}; fi
BOOTLOADER=${BOOTLOADER:-u-boot}
[ -n "$(mounted "$mnt" dev)" ] || { echo "$mnt does not seem to be a mount point" >&2; exit 1; }
if [ -n "$(mounted "$mnt/boot" dev)" ]; then mnt_boot="$mnt/boot"; else mnt_boot="$mnt"; fi
boot_fs=$(mounted "$mnt_boot" fs)
supported="ext2 ext3 ext4 btrfs xfs vfat"
if is_rpi; then supported=vfat; fi
case " $supported " in
*" $boot_fs "*) ;;
*)
    echo "$boot_fs is not supported. Only supported are: $supported" >&2
    [ -n "${FORCE_BOOTFS:-}" ] || exit 1
    echo "Continuing at your own risk." ;;
esac
mkdir -p "$mnt/etc"
# lbu package: the running system's /etc (unowned files such as the host keys included); nothing from /root.
cp -a "$R/etc/." "$mnt/etc/"
echo "UUID=0b5e5a1e-0000-4000-8000-000000000002 / ext4 rw,relatime 0 1" > "$mnt/etc/fstab"
case "$BOOTLOADER" in
raspberrypi-bootloader)
    mkdir -p "$mnt/boot"
    echo "root=UUID=0b5e5a1e-0000-4000-8000-000000000002 modules=sd-mod,usb-storage,ext4 quiet rootfstype=ext4" > "$mnt/boot/cmdline.txt" ;;
u-boot) mkdir -p "$mnt/boot/extlinux"; echo "label rpi" > "$mnt/boot/extlinux/extlinux.conf" ;;
*) echo "ERROR: Bootloader \"$BOOTLOADER\" not supported!" >&2; exit 1 ;;
esac
# apk add --root: linux-rpi (kernel, DTBs, overlays; mkinitfs writes the initramfs) and raspberrypi-bootloader
# (firmware), whose trigger then writes config.txt for the kernel it finds in /boot.
echo kernel > "$mnt/boot/vmlinuz-rpi"
echo initramfs > "$mnt/boot/initramfs-rpi"
echo "installed dtb" > "$mnt/boot/bcm2711-rpi-4-b.dtb"
mkdir -p "$mnt/boot/overlays"
echo "installed overlay" > "$mnt/boot/overlays/vc4-kms-v3d.dtbo"
echo "installed firmware" > "$mnt/boot/start4.elf"
printf '# do not modify this file as it will be overwritten on upgrade.\n# create and/or modify usercfg.txt instead.\n# https://www.raspberrypi.com/documentation/computers/config_txt.html\n#\n\nkernel=vmlinuz-rpi\ninitramfs initramfs-rpi\narm_64bit=1\ninclude usercfg.txt\n' > "$mnt/boot/config.txt"
ln -s . "$mnt/boot/boot"
change "$@"
