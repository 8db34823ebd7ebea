#!/bin/sh
# Written by picluster bootstrap: keeps the firmware files at p1's root in step with /boot.
# /boot is p1's boot/ folder (Alpine's config.txt loads boot/vmlinuz-rpi from there), but the Pi firmware reads the
# device trees, overlays and its own blobs from p1's root. linux-rpi and raspberrypi-bootloader upgrades write them to
# /boot; this copies what changed to p1's root. Installed as an apk commit hook (/etc/apk/commit_hooks.d, run by apk
# with "pre-commit" / "post-commit"), so every `apk upgrade` keeps them in step; bootstrap runs it with "check"/"sync".
# apk ignores a failing post-commit hook (alpinelinux/apk-tools src/commit.c: run_commit_hooks' result is dropped after
# the commit; only "ERROR: <hook>: exited with error N" is printed and apk still exits 0), so a full or damaged p1 would
# leave kernel and device trees out of step silently. A failed sync therefore leaves FAILED_MARKER on the system disk
# (what failed, when); `check` reports it until a sync succeeds — `bootstrap nodes` after `apk upgrade` finds it.
set -eu
ROOT="${NODE_ROOT:-}"
p1="$ROOT/media/mmcblk0p1"
boot="$p1/boot"
marker="$ROOT/var/lib/picluster/boot-firmware-sync.failed"

case "${1:-sync}" in
pre-commit) exit 0 ;;
post-commit | sync) mode=sync ;;
check) mode=check ;;
*)
    echo "usage: $0 [check|sync|pre-commit|post-commit]" >&2
    exit 2
    ;;
esac

# Copies every changed file; prints the first failure and returns 1 (each command is checked: set -e does not apply
# inside a function called from a condition).
copy_changed() {
    for f in "$boot"/*.dtb "$boot"/bootcode.bin "$boot"/start*.elf "$boot"/fixup*.dat "$boot"/overlays/*; do
        [ -f "$f" ] || continue
        to="$p1/${f#"$boot"/}"
        cmp -s "$f" "$to" && continue
        if grep -q " $p1 vfat ro," "$ROOT/proc/mounts"; then mount -o remount,rw "$p1" || return 1; fi
        mkdir -p "$(dirname "$to")" || { echo "cannot create $(dirname "$to")" >&2; return 1; }
        cp "$f" "$to.new" || { echo "cannot write $to.new" >&2; return 1; }
        mv -f "$to.new" "$to" || { echo "cannot replace $to" >&2; return 1; }
    done
}

if [ "$mode" = check ]; then
    if [ -f "$marker" ]; then
        echo "the last firmware sync failed: $(cat "$marker")" >&2
        exit 1
    fi
    for f in "$boot"/*.dtb "$boot"/bootcode.bin "$boot"/start*.elf "$boot"/fixup*.dat "$boot"/overlays/*; do
        [ -f "$f" ] || continue
        cmp -s "$f" "$p1/${f#"$boot"/}" || exit 1
    done
    exit 0
fi
if ! error=$(copy_changed 2>&1); then
    mkdir -p "$(dirname "$marker")"
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) ${1:-sync}: $error" > "$marker"
    echo "picluster boot-firmware: p1's device trees and firmware are NOT those of the installed kernel: $error. Fix p1 (fsck.vfat, free space), then rerun bootstrap nodes." >&2
    exit 1
fi
rm -f "$marker"
sync
