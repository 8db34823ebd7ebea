#!/bin/sh
# node-packages: the node's packages, the Kubernetes ones from the tagged repository @TAG (k8s-repository.sh) pinned
# to the model's minor. An Alpine branch carries one Kubernetes minor (aports community/kubernetes/APKBUILD), so apply
# first asks what @TAG offers (`apk policy`, apk-offers.sh) and names the branch and the minor instead of apk's
# "breaks: world[kubeadm@k8s~1.36]".
# Parameters: MODE (check: exit 0 done / 1 needed; apply: install), PINNED (space-separated names pinned to the minor),
# PACKAGES (every name), CONSTRAINTS (apk add arguments), MINOR (e.g. 1.36), MINOR_PATTERN (MINOR as a regex), TAG,
# ALPINE_BRANCH (the @TAG repository's branch), KUBERNETES_VERSION (for the refusal message).
# On a rerun apk add keeps the installed packages that still satisfy the pins (apk-tools doc/apk-add.8.scd: it avoids
# changing installed packages without -u): this phase installs Kubernetes on a new node (the newest patch the branch
# offers) and never moves an existing node to a newer patch; `bootstrap upgrade` does, control plane first.
# library: apk-offers.sh
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    # apk writes a fuzzy pin back to /etc/apk/world as "name~1.36" (apk-tools 3, Alpine >= 3.23: src/version.c
    # apk_version_op_string) or "name=~1.36" (older apk-tools).
    for p in $PINNED; do
        grep -Eqx "$p@$TAG(=~|~)$MINOR_PATTERN" "$ROOT/etc/apk/world" || exit 1
    done
    # shellcheck disable=SC2086 # one argument per package name
    apk info -e $PACKAGES > /dev/null || exit 1
    kubeadm version -o short | grep -q "^v$MINOR_PATTERN\\." || exit 1
    ;;
apply)
    apk update
    offered=$(apk_offers kubeadm tag "@$TAG")
    if ! echo "$offered" | tr ' ' '\n' | grep -q "^$MINOR_PATTERN\\."; then
        offered=${offered:-nothing}
        echo "Alpine $ALPINE_BRANCH offers kubeadm $offered (the @$TAG repository) but KubernetesSettings.Version $KUBERNETES_VERSION needs $MINOR.x: set Version to an offered minor, or KubernetesSettings.PackageBranch to a branch that carries $MINOR." >&2
        exit 2
    fi
    # shellcheck disable=SC2086 # one argument per constraint
    apk add $CONSTRAINTS
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
