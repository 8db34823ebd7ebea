#!/bin/sh
# alpine-upgrade: every package of the node at the new branch. `apk upgrade --available` also replaces packages the
# old branch had and the new one does not (alpinelinux/apk-tools doc/apk-upgrade.8.scd); it resets only checksum pins
# in world (src/app_upgrade.c), so "kubeadm@k8s~1.36" keeps the Kubernetes minor. The Kubernetes packages (KEEP) keep
# their installed version: `--ignore` marks them APK_SOLVERF_INSTALLED (src/app_upgrade.c), which the solver ranks
# before anything else (src/solver.c compare_providers "prefer installed"), so the OS move never takes a kubelet patch
# ahead of the API server (the skew policy: a kubelet is never newer than kube-apiserver); `bootstrap upgrade` moves
# patches, control plane first. The apk commit hook keeps p1's firmware in step (boot-firmware-sync.sh).
# Done only when /etc/alpine-release is of the new branch AND nothing is left to upgrade: apk commits package by package,
# so a failure half-way (p1 or / full) leaves alpine-release new and linux-rpi old. `--simulate` (doc/apk.8.scd) prints
# what a commit would do, one "(i/n) Upgrading <name> (<old> -> <new>)" line per change (src/commit.c print_change).
# Parameters: MODE (check: exit 0 when /etc/alpine-release is of RELEASE_PREFIX and the simulated upgrade changes
# nothing / 1 otherwise; apply: update, upgrade), RELEASE_PREFIX (e.g. 3.25), KEEP (space-separated package names),
# MARKER ("started <branch>" while the apply runs, "done <branch>" after it: the upgrade preflight reads it, so a node
# left half-way is upgraded before anything else).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    case "$(cat "$ROOT/etc/alpine-release" 2> /dev/null || true)" in
    "$RELEASE_PREFIX".*) ;;
    *) exit 1 ;;
    esac
    # A failing simulation inside $(…) would read as "nothing left" otherwise: make it an error.
    # shellcheck disable=SC2086 # one argument per package name
    if ! pending=$(apk upgrade --available --simulate --ignore $KEEP); then
        echo "apk upgrade --simulate failed" >&2
        exit 2
    fi
    if echo "$pending" | grep -Eq '^\([0-9]+/[0-9]+\) '; then exit 1; fi
    ;;
apply)
    mkdir -p "$(dirname "$ROOT$MARKER")"
    echo "started v$RELEASE_PREFIX" > "$ROOT$MARKER"
    apk update
    # shellcheck disable=SC2086 # one argument per package name
    apk upgrade --available --ignore $KEEP
    echo "done v$RELEASE_PREFIX" > "$ROOT$MARKER.new"
    mv "$ROOT$MARKER.new" "$ROOT$MARKER"
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
