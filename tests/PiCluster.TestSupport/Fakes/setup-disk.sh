#!/bin/sh
# FAKE setup-disk, after alpinelinux/alpine-conf setup-disk.in (install_mounted_root, supported_boot_fs, is_rpi,
# the BOOTLOADER defaults at the end of the script and setup_raspberrypi_bootloader): a mounted-root install
# ("-m sys <dir>") finds the boot filesystem on <dir>/boot, or on <dir> itself when nothing is mounted there; on
# a Raspberry Pi only vfat is accepted, anything else exits 1 with upstream's message unless FORCE_BOOTFS is
# set. The Pi default bootloader writes config.txt and cmdline.txt (root=UUID…, no cgroup options) into
# <dir>/boot, before apk installs linux-rpi and raspberrypi-bootloader there (kernel, DTBs, overlays, firmware).
# An unknown BOOTLOADER dies like upstream. lbu's copy of /etc is modelled without the host keys.
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
# lbu package: the running system's /etc, except the host keys (the real script must bring those).
cp -a "$R/etc/." "$mnt/etc/"
rm -f "$mnt"/etc/ssh/ssh_host_*
echo "UUID=0b5e5a1e-0000-4000-8000-000000000002 / ext4 rw,relatime 0 1" > "$mnt/etc/fstab"
case "$BOOTLOADER" in
# setup_raspberrypi_bootloader writes into <dir>/boot before apk has created it: on a fresh root the two
# redirections fail (the shell's message, no `set -e` upstream) and the install goes on without them.
raspberrypi-bootloader)
    if [ -d "$mnt/boot" ]; then
        printf '# do not modify this file as it will be overwritten on upgrade.\n[all]\narm_64bit=1\ninclude usercfg.txt\n' > "$mnt/boot/config.txt"
        echo "root=UUID=0b5e5a1e-0000-4000-8000-000000000002 modules=sd-mod,usb-storage,ext4 quiet rootfstype=ext4" > "$mnt/boot/cmdline.txt"
    else
        echo "/sbin/setup-disk: can't create $mnt/boot/config.txt: nonexistent directory" >&2
        echo "/sbin/setup-disk: can't create $mnt/boot/cmdline.txt: nonexistent directory" >&2
    fi ;;
u-boot) mkdir -p "$mnt/boot/extlinux"; echo "label rpi" > "$mnt/boot/extlinux/extlinux.conf" ;;
*) echo "ERROR: Bootloader \"$BOOTLOADER\" not supported!" >&2; exit 1 ;;
esac
# apk add --root: linux-rpi (kernel, initramfs, DTBs, overlays) and raspberrypi-bootloader (firmware).
mkdir -p "$mnt/boot"
echo kernel > "$mnt/boot/vmlinuz-rpi"
echo initramfs > "$mnt/boot/initramfs-rpi"
echo "installed dtb" > "$mnt/boot/bcm2711-rpi-4-b.dtb"
mkdir -p "$mnt/boot/overlays"
echo "installed overlay" > "$mnt/boot/overlays/vc4-kms-v3d.dtbo"
echo "installed firmware" > "$mnt/boot/start4.elf"
ln -s . "$mnt/boot/boot"
change "$@"
