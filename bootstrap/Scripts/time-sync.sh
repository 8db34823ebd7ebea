#!/bin/sh
# time-sync: chronyd in the default runlevel and the clock synced; kubeadm's TLS bootstrap fails on a skewed clock.
# Parameters: MODE (check: exit 0 done / 1 needed; apply: enable, start and wait for sync).
set -eu
case "$MODE" in
check)
    rc-update show default | grep -qw chronyd || exit 1
    chronyc -n tracking | grep -q '^Leap status *: Normal' || exit 1
    ;;
apply)
    rc-update add chronyd default
    rc-service chronyd start
    # Up to 60 polls 2 s apart until the clock is within 1 s.
    chronyc -n waitsync 60 1 0 2
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
