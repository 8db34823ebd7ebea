#!/bin/sh
# alpine-upgrade: every package of the node at the new branch. `apk upgrade --available` also replaces packages the
# old branch had and the new one does not (alpinelinux/apk-tools doc/apk-upgrade.8.scd); it resets only checksum pins
# in world (src/app_upgrade.c), so "kubeadm@k8s~1.36" keeps the Kubernetes minor. The apk commit hook keeps p1's
# firmware in step (boot-firmware-sync.sh).
# Parameters: MODE (check: exit 0 when /etc/alpine-release is of RELEASE_PREFIX / 1 otherwise; apply: update, upgrade),
# RELEASE_PREFIX (e.g. 3.25).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    case "$(cat "$ROOT/etc/alpine-release" 2> /dev/null || true)" in
    "$RELEASE_PREFIX".*) ;;
    *) exit 1 ;;
    esac
    ;;
apply)
    apk update
    apk upgrade --available
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
