#!/bin/sh
# k8s-repository: kubeadm, kubelet and kubectl come from one tagged repository, "@k8s <mirror>/<branch>/community".
# A tagged repository serves only world entries that name its tag (alpinelinux/apk-tools doc/apk-repositories.5.scd
# "@tag"); such an entry may still take the package from the untagged repositories too (doc/apk-world.5.scd "Untagged
# repositories are also considered for constraints with a tag", src/solver.c pinning_allowed), the tagged one preferred.
# The "~1.37" pin in world (k8s-packages.sh) is what keeps the minor; the tag lets the next Kubernetes minor come from
# the next Alpine branch before the OS moves.
# Parameters: MODE (check: exit 0 when the only @k8s line is REPOSITORY_LINE / 1 otherwise; apply: write it, apk update),
# REPOSITORY_LINE (e.g. "@k8s https://dl-cdn.alpinelinux.org/alpine/v3.25/community").
set -eu
ROOT="${NODE_ROOT:-}"
file="$ROOT/etc/apk/repositories"
case "$MODE" in
check)
    [ "$(grep -E '^[[:space:]]*@k8s[[:space:]]' "$file" || true)" = "$REPOSITORY_LINE" ] || exit 1
    ;;
apply)
    # Every other @k8s line goes; the file is replaced in one rename, never left half-written.
    { grep -Ev '^[[:space:]]*@k8s[[:space:]]' "$file" || true; echo "$REPOSITORY_LINE"; } > "$file.picluster-new"
    mv "$file.picluster-new" "$file"
    apk update
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
