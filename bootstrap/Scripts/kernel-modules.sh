#!/bin/sh
# kernel-modules: the modules kubelet, kube-proxy and flannel need, loaded now and listed for every boot.
# Parameters: MODE (check: exit 0 done / 1 needed; apply: write MODULES_FILE and modprobe), MODULES (space-separated),
# MODULES_DIR, MODULES_FILE (inside MODULES_DIR), MODULES_SHA256 (of the file's exact content).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    [ "$(sha256sum "$ROOT$MODULES_FILE" 2> /dev/null | cut -d ' ' -f 1)" = "$MODULES_SHA256" ] || exit 1
    for m in $MODULES; do
        [ -d "$ROOT/sys/module/$m" ] || exit 1
    done
    ;;
apply)
    mkdir -p "$ROOT$MODULES_DIR"
    # shellcheck disable=SC2086 # one line per module
    printf '%s\n' $MODULES > "$ROOT$MODULES_FILE"
    for m in $MODULES; do
        modprobe "$m"
    done
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
