#!/bin/sh
# Written by picluster bootstrap: keeps the firmware files at p1's root in step with /boot.
# /boot is p1's boot/ folder (Alpine's config.txt loads boot/vmlinuz-rpi from there), but the Pi firmware reads the
# device trees, overlays and its own blobs from p1's root. linux-rpi and raspberrypi-bootloader upgrades write them to
# /boot; this copies what changed to p1's root. Installed as an apk commit hook (/etc/apk/commit_hooks.d, run by apk
# with "pre-commit" / "post-commit"), so every `apk upgrade` keeps them in step; bootstrap runs it with "check"/"sync".
set -eu
ROOT="${NODE_ROOT:-}"
p1="$ROOT/media/mmcblk0p1"
boot="$p1/boot"

case "${1:-sync}" in
pre-commit) exit 0 ;;
post-commit | sync) mode=sync ;;
check) mode=check ;;
*)
    echo "usage: $0 [check|sync|pre-commit|post-commit]" >&2
    exit 2
    ;;
esac

stale=0
for f in "$boot"/*.dtb "$boot"/bootcode.bin "$boot"/start*.elf "$boot"/fixup*.dat "$boot"/overlays/*; do
    [ -f "$f" ] || continue
    to="$p1/${f#"$boot"/}"
    if ! cmp -s "$f" "$to"; then
        stale=1
        if [ "$mode" = sync ]; then
            if grep -q " $p1 vfat ro," "$ROOT/proc/mounts"; then mount -o remount,rw "$p1"; fi
            mkdir -p "$(dirname "$to")"
            cp "$f" "$to.new"
            mv -f "$to.new" "$to"
        fi
    fi
done
if [ "$mode" = check ]; then exit "$stale"; fi
sync
