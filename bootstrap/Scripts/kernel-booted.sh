#!/bin/sh
# kernel-booted: a check — exit 0 when the node runs from the system disk (/ is SYSTEM_PARTITION) and the running
# kernel is the newest one installed (/lib/modules), 1 when a reboot is needed. After `apk upgrade` of linux-rpi the
# new kernel only runs after a reboot. Parameters: MODE (check only: it reads), SYSTEM_PARTITION.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
awk '$2 == "/" { print $1 }' "$ROOT/proc/mounts" | grep -qx "$SYSTEM_PARTITION" || exit 1
running=$(cat "$ROOT/proc/sys/kernel/osrelease")
newest=$(for d in "$ROOT"/lib/modules/*; do if [ -d "$d" ]; then echo "${d##*/}"; fi; done | sort -V | tail -n 1)
[ -z "$newest" ] || [ "$running" = "$newest" ] || exit 1
