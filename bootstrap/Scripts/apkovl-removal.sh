#!/bin/sh
# apkovl-removal: deletes the card's <node>.apkovl.tar.gz from p1 once the node runs from the system disk.
# Parameters: MODE (check: exit 0 when no apkovl is left on p1 / 1 needed / 2 when / is not p2 yet; apply: remove it),
# BOOT_MOUNT (where p1 is mounted), SYSTEM_PARTITION (p2).
# The overlay holds the node's SSH host private key and anyone holding the card can read it (FAT has no modes), so it
# goes — but only after p2 has booted. Until then it is the way back: with root= on cmdline.txt the initramfs mounts
# p2 and never reads the apkovl (alpinelinux/mkinitfs initramfs-init.in; a root it cannot mount ends in its recovery
# shell, without network or sshd), so removing root= from cmdline.txt on another computer brings the node back
# diskless, with its host key and SSH, as the card first booted.
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
boot="$ROOT$BOOT_MOUNT"

root_is_system_disk() { awk '$2 == "/" { print $1 }' "$ROOT/proc/mounts" | grep -qx "$SYSTEM_PARTITION"; }
overlay_left() { ls "$boot"/*.apkovl.tar.gz > /dev/null 2>&1; }

if ! root_is_system_disk; then
    echo "/ is not $SYSTEM_PARTITION yet: the apkovl on $BOOT_MOUNT stays until the node has booted from the system disk" >&2
    exit 2
fi
case "$MODE" in
check)
    if overlay_left; then exit 1; fi
    ;;
apply)
    if overlay_left; then
        if grep -q " $BOOT_MOUNT vfat ro[, ]" "$ROOT/proc/mounts"; then mount -o remount,rw "$boot"; fi
        rm -f "$boot"/*.apkovl.tar.gz
        sync
    fi
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
