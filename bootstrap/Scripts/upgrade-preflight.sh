#!/bin/sh
# upgrade-preflight: what `bootstrap upgrade` decides from, read before anything changes. Read-only (apk refreshes its
# index cache for --update-cache, nothing else).
# PART=control-plane (on the control plane): the running control-plane version (kube-apiserver's static-pod image, what
# `kubeadm upgrade apply` rewrites) and the kubeadm versions the @k8s branch offers for MINOR; when it offers none, the
# first of HINT_BRANCHES that does. Offers come from `apk policy` with the branch added for this one command
# (--repository; --update-cache only refreshes the index cache, /etc/apk/repositories stays as it is).
# Prints control_plane=v1.36.1, then "offers <branch> <version>…" lines.
# PART=node (on every node): its Alpine release and whether it runs its newest installed kernel (/lib/modules: after an
# `apk upgrade` of linux-rpi the new kernel runs only after a reboot), and the Alpine run's marker (alpine-upgrade.sh):
# "started <branch>" when an OS upgrade stopped half-way. Prints alpine_release=3.24.2, kernel_running=…,
# kernel_newest=…, os_upgrade=….
# Parameters: MODE (check only: it reads), PART, MIRROR, PACKAGE_BRANCH (e.g. v3.25), MINOR_PATTERN (e.g. 1\.37),
# HINT_BRANCHES (space-separated), OS_UPGRADE_MARKER.
# library: apk-offers.sh
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
case "$PART" in
node)
    echo "alpine_release=$(cat "$ROOT/etc/alpine-release" 2> /dev/null || true)"
    echo "kernel_running=$(cat "$ROOT/proc/sys/kernel/osrelease" 2> /dev/null || true)"
    echo "kernel_newest=$(for d in "$ROOT"/lib/modules/*; do if [ -d "$d" ]; then echo "${d##*/}"; fi; done | sort -V | tail -n 1)"
    echo "os_upgrade=$(cat "$ROOT$OS_UPGRADE_MARKER" 2> /dev/null || true)"
    ;;
control-plane)
    manifest="$ROOT/etc/kubernetes/manifests/kube-apiserver.yaml"
    if [ ! -f "$manifest" ]; then
        echo "no control plane on this node: $manifest is missing (bootstrap cluster builds it)" >&2
        exit 2
    fi
    echo "control_plane=$(sed -n 's|^[[:space:]]*image:[[:space:]]*[^[:space:]]*/kube-apiserver:\(v[^[:space:]]*\)$|\1|p' "$manifest" | head -n 1)"
    offers() { url="$MIRROR/$1/community"; apk_offers kubeadm url "$url" --repository "$url" --update-cache; }
    found=$(offers "$PACKAGE_BRANCH")
    echo "offers $PACKAGE_BRANCH $found"
    if ! echo "$found" | tr ' ' '\n' | grep -q "^$MINOR_PATTERN\\."; then
        for branch in $HINT_BRANCHES; do
            hint=$(offers "$branch")
            echo "offers $branch $hint"
            if echo "$hint" | tr ' ' '\n' | grep -q "^$MINOR_PATTERN\\."; then break; fi
        done
    fi
    ;;
*)
    echo "PART must be control-plane or node, not $PART" >&2
    exit 2
    ;;
esac
