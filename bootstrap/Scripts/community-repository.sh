#!/bin/sh
# community-repository: Alpine's community repository (kubernetes, containerd, cni-plugins) in /etc/apk/repositories.
# Parameters: MODE (check: exit 0 done / 1 needed; apply: append REPOSITORY and refresh the index), REPOSITORY.
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    grep -Eq '^[^#]*/community/?$' "$ROOT/etc/apk/repositories" || exit 1
    ;;
apply)
    echo "$REPOSITORY" >> "$ROOT/etc/apk/repositories"
    apk update
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
