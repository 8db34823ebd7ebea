#!/bin/sh
# FAKE boot, run by the fixture (not on the node) between killing and restarting sshd: what a boot changes — a new
# /proc/sys/kernel/random/boot_id, / from cmdline.txt's root=, OpenRC's boot and default runlevels started (the
# init scripts bootstrap wrote run their start(), as OpenRC/openrc sh/openrc-run.sh.in would).
# The init script sourced in a subshell cannot change R for the lines after it.
# shellcheck disable=SC2031
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

tr -d '-' < /proc/sys/kernel/random/uuid > "$R/proc/sys/kernel/random/boot_id"
if grep -qw 'root=/dev/mmcblk0p2' "$R/media/mmcblk0p1/cmdline.txt"; then
    awk '$2 != "/"' "$R/proc/mounts" > "$R/fake/mounts.tmp"
    { echo "/dev/mmcblk0p2 / ext4 rw,relatime 0 0"; cat "$R/fake/mounts.tmp"; } > "$R/proc/mounts"
fi
rm -rf "$R/run/openrc/started"
mkdir -p "$R/run/openrc/started"
# A fresh kernel: / is private until something makes it shared.
sed -i 's| shared:[0-9]* - | - |' "$R/proc/self/mountinfo"
for level in boot default; do
    for f in "$R/etc/runlevels/$level"/*; do
        [ -L "$f" ] || continue
        svc=$(basename "$f")
        # shellcheck disable=SC2317 # ebegin/eend are called by the sourced init script
        if [ -f "$R/etc/init.d/$svc" ]; then ( ebegin() { :; }; eend() { return "$1"; }; PATH="$(dirname "$0"):$PATH"; . "$R/etc/init.d/$svc"; start ); fi
        touch "$R/run/openrc/started/$svc"
    done
done
# shellcheck disable=SC2119 # a boot takes no arguments
change
