#!/bin/sh
# upgrade-preflight: what `bootstrap upgrade` decides from, read on the control plane before anything changes: the
# running control-plane version (kube-apiserver's static-pod image, what `kubeadm upgrade apply` rewrites), the
# Alpine release, and the kubeadm versions the @k8s branch offers for MINOR; when it offers none, the first of
# HINT_BRANCHES that does. Offers come from `apk policy` (format of alpinelinux/apk-tools src/app_policy.c: a
# "  <version>:" line, then one "    [@tag ]<url>" line per repository holding it) with the branch added for this one
# command (--repository; --update-cache only refreshes the index cache, /etc/apk/repositories stays as it is).
# Prints key=value lines: control_plane=v1.36.1, alpine_release=3.24.2, then "offers <branch> <version>…" lines.
# Parameters: MIRROR, PACKAGE_BRANCH (e.g. v3.25), MINOR_PATTERN (e.g. 1\.37), HINT_BRANCHES (space-separated).
set -eu
ROOT="${NODE_ROOT:-}"
manifest="$ROOT/etc/kubernetes/manifests/kube-apiserver.yaml"
if [ ! -f "$manifest" ]; then
    echo "no control plane on this node: $manifest is missing (bootstrap cluster builds it)" >&2
    exit 2
fi
echo "control_plane=$(sed -n 's|^[[:space:]]*image:[[:space:]]*[^[:space:]]*/kube-apiserver:\(v[^[:space:]]*\)$|\1|p' "$manifest" | head -n 1)"
echo "alpine_release=$(cat "$ROOT/etc/alpine-release" 2> /dev/null || true)"
offers() {
    url="$MIRROR/$1/community"
    apk --repository "$url" --update-cache policy kubeadm 2> /dev/null | awk -v url="$url" '
        /^  [^ ].*:$/ { v = $1; sub(/:$/, "", v); next }
        /^    / && $NF == url { print v }' | sort -u | tr '\n' ' '
}
found=$(offers "$PACKAGE_BRANCH")
echo "offers $PACKAGE_BRANCH $found"
if ! echo "$found" | tr ' ' '\n' | grep -q "^$MINOR_PATTERN\\."; then
    for branch in $HINT_BRANCHES; do
        hint=$(offers "$branch")
        echo "offers $branch $hint"
        if echo "$hint" | tr ' ' '\n' | grep -q "^$MINOR_PATTERN\\."; then break; fi
    done
fi
