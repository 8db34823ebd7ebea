#!/bin/sh
# system-disk: installs the running diskless Alpine onto p2 and switches the card to boot from it.
# Parameters: MODE (check: exit 0 when p1's cmdline.txt boots p2 / 1 needed; apply: install and switch),
# BOOT_PARTITION (p1, FAT), BOOT_MOUNT (where Alpine mounted p1), SYSTEM_PARTITION (p2).
#
# What setup-disk does on a Pi (alpinelinux/alpine-conf setup-disk.in): install_mounted_root copies /etc through
# `lbu package -` (alpine-conf lbu.in: `apk audit --backup` over apk's protected paths, i.e. /etc — the host keys come
# along, /root/.ssh/authorized_keys does not), then setup_raspberrypi_bootloader does `mkdir -p <dir>/boot` and writes
# only <dir>/boot/cmdline.txt (root=UUID=… modules=… quiet rootfstype=ext4, no cgroup options). config.txt is not
# setup-disk's: `apk add` of raspberrypi-bootloader runs its trigger (aports main/raspberrypi-bootloader
# update-raspberrypi-bootloader, watching /boot), which writes /boot/config.txt (kernel=vmlinuz-rpi,
# initramfs initramfs-rpi) for the kernel linux-rpi put there.
#
# Why FORCE_BOOTFS and not p1 on /mnt/boot (setup-disk.in install_mounted_root, supported_boot_fs): on a Raspberry
# Pi (is_rpi: "Raspberry Pi" in /proc/device-tree/model) setup-disk only accepts a vfat boot filesystem; with nothing
# mounted on /mnt/boot it looks at the ext4 root and stops with "ext4 is not supported. Only supported are: vfat"
# unless FORCE_BOOTFS is set. Mounting p1 on /mnt/boot would pass that check, but setup_raspberrypi_bootloader would
# then overwrite p1's cmdline.txt (root=UUID=…, without our cgroup options) before a single package is installed, and
# the trigger p1's config.txt with paths relative to p1/boot: an interrupted install would leave a card that boots a
# half-installed p2. BOOTLOADER=none is no way out either: setup-disk dies on an unknown bootloader, after the same
# boot-fs check. So the install goes to p2 alone (its /boot is a plain folder there, where setup-disk's cmdline.txt and
# the trigger's config.txt land and are dropped), the boot files are copied to p1 here, and p1's cmdline.txt is
# edited by this script, last.
#
# /boot on the installed system is a link to p1's boot/ folder. p1's own config.txt, at its root, stays the alpine-rpi
# tarball's (kernel=boot/vmlinuz-rpi, initramfs boot/initramfs-rpi; aports scripts/mkimg.arm.sh rpi_gen_config): a
# later `apk upgrade` writes the new kernel and initramfs over p1/boot/vmlinuz-rpi and initramfs-rpi, which that
# config.txt loads, and the trigger rewrites /boot/config.txt = p1/boot/config.txt, a file the firmware never reads (it
# reads config.txt at p1's root only). The apkovl stays on p1 here: the reboot step boots p2 first, and the
# apkovl-removal step removes it only once / is p2 (bootstrap/Scripts/apkovl-removal.sh).
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
boot="$ROOT$BOOT_MOUNT"
target="$ROOT/mnt"
disk="$SYSTEM_PARTITION"

case "$MODE" in
check)
    grep -qw "root=$disk" "$boot/cmdline.txt" || exit 1
    exit 0
    ;;
apply) ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac

if ! grep -qw "root=$disk" "$boot/cmdline.txt"; then
    if awk '$2 == "/" { print $1 }' "$ROOT/proc/mounts" | grep -qx "$disk"; then
        echo "$disk is already the root filesystem; refusing to format it" >&2
        exit 2
    fi
    mkdir -p "$target"
    if ! awk -v t="$target" '$2 == t { found = 1 } END { exit !found }' "$ROOT/proc/mounts"; then
        mkfs.ext4 -F -q -L alpine-root "$disk"
        mount -t ext4 "$disk" "$target"
    fi
    FORCE_BOOTFS=1 setup-disk -m sys "$target"
    mount -o remount,rw "$boot"
    # setup-disk's cmdline.txt and the trigger's config.txt are for a p2 with its own /boot: p1 keeps the tarball's
    # config.txt and our cmdline.txt.
    rm -f "$target/boot/config.txt" "$target/boot/cmdline.txt"
    if [ -L "$target/boot/boot" ]; then rm -f "$target/boot/boot"; fi
    # Kernel and initramfs go to p1/boot/ (Alpine's config.txt: kernel=boot/vmlinuz-rpi); p1 is FAT: no owners,
    # modes or symlinks, so plain files, following links.
    mkdir -p "$boot/boot"
    cp -RL "$target/boot/." "$boot/boot/"
    # The firmware reads device trees, overlays and its own blobs from p1's root: those of the installed kernel.
    for f in "$target"/boot/*.dtb "$target"/boot/bootcode.bin "$target"/boot/start*.elf "$target"/boot/fixup*.dat; do
        if [ -f "$f" ]; then cp -L "$f" "$boot/"; fi
    done
    if [ -d "$target/boot/overlays" ]; then
        mkdir -p "$boot/overlays"
        cp -RL "$target/boot/overlays/." "$boot/overlays/"
    fi
    rm -rf "${target:?}/boot"
    ln -s "${BOOT_MOUNT#/}/boot" "$target/boot"
    mkdir -p "$target$BOOT_MOUNT"
    awk -v d="$BOOT_PARTITION" '$1 == d { found = 1 } END { exit !found }' "$target/etc/fstab" ||
        echo "$BOOT_PARTITION $BOOT_MOUNT vfat defaults,noatime 0 2" >> "$target/etc/fstab"
    grep -Eq '^[^#[:space:]]+[[:space:]]+/[[:space:]]' "$target/etc/fstab" ||
        echo "$disk / ext4 defaults,noatime 0 1" >> "$target/etc/fstab"
    # lbu carries /etc (the host keys too) but not /root: the card's identity and the operator's key go across here.
    for f in etc/ssh/ssh_host_ed25519_key etc/ssh/ssh_host_ed25519_key.pub etc/ssh/sshd_config etc/local.d/rshared.start root/.ssh/authorized_keys; do
        if [ ! -e "$target/$f" ] && [ -e "$ROOT/$f" ]; then
            mkdir -p "$(dirname "$target/$f")"
            cp -p "$ROOT/$f" "$target/$f"
        fi
    done
    mkdir -p "$target/etc/runlevels/default"
    for svc in local sshd chronyd networking; do
        link="$target/etc/runlevels/default/$svc"
        # -L too: the link points into the new root's /etc/init.d, which need not resolve from here.
        if [ ! -L "$link" ] && [ ! -e "$link" ]; then ln -s "/etc/init.d/$svc" "$link"; fi
    done
    sync
    umount "$target"
    # The switch, last: cmdline.txt is one line; append root= to it. Until here the card still boots diskless.
    # rootfstype as setup-disk writes it for a sys install: the initramfs then loads ext4 and mounts p2 with -t ext4
    # (mkinitfs initramfs-init), instead of relying on ext4 being built into linux-rpi.
    sed -i "1s|\$| root=$disk rootfstype=ext4|" "$boot/cmdline.txt"
    sync
fi
