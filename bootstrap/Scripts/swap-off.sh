#!/bin/sh
# swap-off: the kubelet refuses to start with swap on; no active swap and none in fstab for the next boot.
# Parameters: MODE (check: exit 0 done / 1 needed; apply: swapoff and drop fstab's swap lines).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    [ "$(awk 'NR > 1' "$ROOT/proc/swaps" | wc -l)" -eq 0 ] || exit 1
    if [ -f "$ROOT/etc/fstab" ] && awk '$1 !~ /^#/ && $3 == "swap" { found = 1 } END { exit !found }' "$ROOT/etc/fstab"; then
        exit 1
    fi
    ;;
apply)
    swapoff -a
    if [ -f "$ROOT/etc/fstab" ]; then
        sed -i '/^[^#]*[[:space:]]swap[[:space:]]/d' "$ROOT/etc/fstab"
    fi
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
