#!/bin/sh
# k8s-packages: Kubernetes packages from the @k8s repository at the target version. World entries pin the minor
# ("kubeadm@k8s~1.37", apk-tools src/package.c apk_blob_push_dep writes name, @tag, then the ~ operator), so
# `apk upgrade` follows patches within the minor and never jumps a minor; `apk upgrade --available` resets only
# checksum pins (src/app_upgrade.c), so it keeps them too. The action is `apk add -u`: without -u apk add keeps an
# installed package that still satisfies the new constraint (doc/apk-add.8.scd "Normally apk add will avoid changing
# installed package"; src/solver.c compare_providers prefers the installed one unless APK_SOLVERF_UPGRADE, which -u sets
# in src/app_add.c), so a patch upgrade (1.36.3 installed, 1.36.4 offered) would change nothing.
# Parameters: MODE (check: exit 0 when every package is pinned to MINOR in world and its binary reports VERSION / 1
# otherwise; apply: apk update, apk add -u), PACKAGES (space-separated: kubeadm, kubelet, kubectl), MINOR (e.g. 1.37),
# MINOR_PATTERN (MINOR as a regex), VERSION (e.g. v1.37.2, what the @k8s branch offers).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    for p in $PACKAGES; do
        grep -Eqx "$p@k8s(=~|~)$MINOR_PATTERN" "$ROOT/etc/apk/world" || exit 1
        case "$p" in
        kubeadm) have=$(kubeadm version -o short 2> /dev/null) || exit 1 ;;
        kubelet) have=$(kubelet --version 2> /dev/null | sed -n 's/^Kubernetes //p') || exit 1 ;;
        kubectl) have=$(kubectl version --client 2> /dev/null | sed -n 's/^Client Version: //p') || exit 1 ;;
        *) echo "k8s-packages: no version probe for $p" >&2; exit 2 ;;
        esac
        [ "$have" = "$VERSION" ] || exit 1
    done
    ;;
apply)
    apk update
    constraints=""
    for p in $PACKAGES; do constraints="$constraints $p@k8s=~$MINOR"; done
    # shellcheck disable=SC2086 # one argument per constraint
    apk add -u $constraints
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
