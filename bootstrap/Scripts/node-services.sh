#!/bin/sh
# node-services: containerd and the kubelet in the default runlevel, containerd running (kubeadm starts the kubelet).
# Parameters: MODE (check: exit 0 done / 1 needed; apply: enable both, start containerd).
set -eu
case "$MODE" in
check)
    for svc in containerd kubelet; do
        rc-update show default | grep -qw "$svc" || exit 1
    done
    rc-service containerd status > /dev/null 2>&1 || exit 1
    ;;
apply)
    rc-update add containerd default
    rc-update add kubelet default
    rc-service containerd start
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
