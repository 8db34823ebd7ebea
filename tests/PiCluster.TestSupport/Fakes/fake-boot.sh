#!/bin/sh
# FAKE boot, run by the fixture (not on the node) between killing and restarting sshd: what a boot changes.
# The Pi firmware reads config.txt at p1's root (with the files it includes), loads the kernel= and `initramfs <file>`
# it names (paths relative to p1's root; the alpine-rpi tarball's config.txt, aports scripts/mkimg.arm.sh
# rpi_gen_config, says kernel=boot/vmlinuz-rpi, initramfs boot/initramfs-rpi) and the Pi 4's device tree
# bcm2711-rpi-4-b.dtb from p1's root; a missing one and the Pi never starts Linux: this exits 3 with the reason and
# the fixture leaves the node down. Then a new /proc/sys/kernel/random/boot_id, / from cmdline.txt's root= (else the
# diskless RAM root), OpenRC's boot and default runlevels started (the init scripts bootstrap wrote run their start(),
# as OpenRC/openrc sh/openrc-run.sh.in would).
# The init script sourced in a subshell cannot change R for the lines after it.
# shellcheck disable=SC2031
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

p1="$R/media/mmcblk0p1"
firmware_config() {
    [ -f "$p1/config.txt" ] || return 0
    while IFS= read -r line; do
        case "$line" in
        "include "*) [ ! -f "$p1/${line#include }" ] || cat "$p1/${line#include }" ;;
        *) echo "$line" ;;
        esac
    done < "$p1/config.txt"
}
config=$(firmware_config)
kernel=$(printf '%s\n' "$config" | sed -n 's/^kernel=//p' | tail -n 1)
initramfs=$(printf '%s\n' "$config" | sed -n 's/^initramfs \([^ ]*\).*/\1/p' | tail -n 1)
for f in "${kernel:-kernel8.img}" ${initramfs:+"$initramfs"} bcm2711-rpi-4-b.dtb; do
    if [ ! -s "$p1/$f" ]; then
        echo "firmware: $f not found on the boot partition (config.txt kernel=${kernel:-} initramfs ${initramfs:-}); the Pi does not start" >&2
        exit 3
    fi
done
# With root= the initramfs mounts it and switches to it; the apkovl is read only on the diskless path. A root it cannot
# mount (the test's fake/p2-unbootable) ends in its emergency shell, without network or sshd (alpinelinux/mkinitfs
# initramfs-init.in: "Mounting root failed.", recovery_shell).
if grep -qw 'root=/dev/mmcblk0p2' "$p1/cmdline.txt" && [ -f "$R/fake/p2-unbootable" ]; then
    echo "mount: mounting /dev/mmcblk0p2 on /sysroot failed: Invalid argument; Mounting root failed. initramfs emergency recovery shell launched" >&2
    exit 3
fi
tr -d '-' < /proc/sys/kernel/random/uuid > "$R/proc/sys/kernel/random/boot_id"
if grep -qw 'root=/dev/mmcblk0p2' "$p1/cmdline.txt"; then
    awk '$2 != "/"' "$R/proc/mounts" > "$R/fake/mounts.tmp"
    { echo "/dev/mmcblk0p2 / ext4 rw,relatime 0 0"; cat "$R/fake/mounts.tmp"; } > "$R/proc/mounts"
fi
# The newest installed kernel runs (/lib/modules), and the kubelet that starts is the installed one.
newest=$(for d in "$R"/lib/modules/*; do if [ -d "$d" ]; then echo "${d##*/}"; fi; done | sort -V | tail -n 1)
if [ -n "$newest" ]; then echo "$newest" > "$R/proc/sys/kernel/osrelease"; fi
if [ -f "$R/fake/kubelet-version" ]; then cp "$R/fake/kubelet-version" "$R/fake/kubelet-running"; fi
rm -rf "$R/run/openrc/started"
mkdir -p "$R/run/openrc/started"
# A fresh kernel: / is private until something makes it shared.
sed -i 's| shared:[0-9]* - | - |' "$R/proc/self/mountinfo"
for level in boot default; do
    for f in "$R/etc/runlevels/$level"/*; do
        [ -L "$f" ] || continue
        svc=$(basename "$f")
        # shellcheck disable=SC2317 # ebegin/eend are called by the sourced init script
        if grep -qs "^start()" "$R/etc/init.d/$svc"; then ( ebegin() { :; }; eend() { return "$1"; }; PATH="$(dirname "$0"):$PATH"; . "$R/etc/init.d/$svc"; start ); fi
        touch "$R/run/openrc/started/$svc"
    done
done
# shellcheck disable=SC2119 # a boot takes no arguments
change
