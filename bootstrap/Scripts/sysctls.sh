#!/bin/sh
# sysctls: the kernel settings kubelet, kube-proxy and flannel need, applied now and written for every boot.
# Parameters: MODE (check: exit 0 done / 1 needed; apply: write SYSCTL_FILE and load it), SYSCTL_DIR, SYSCTL_FILE
# (inside SYSCTL_DIR), SYSCTL_CONF (the file's content without its final newline), SYSCTL_SHA256 (of the file),
# SYSCTL_VALUES (space-separated "path=value", path below /proc/sys).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    [ "$(sha256sum "$ROOT$SYSCTL_FILE" 2> /dev/null | cut -d ' ' -f 1)" = "$SYSCTL_SHA256" ] || exit 1
    for s in $SYSCTL_VALUES; do
        [ "$(cat "$ROOT/proc/sys/${s%%=*}" 2> /dev/null)" = "${s#*=}" ] || exit 1
    done
    ;;
apply)
    mkdir -p "$ROOT$SYSCTL_DIR"
    cat > "$ROOT$SYSCTL_FILE" << EOF
$SYSCTL_CONF
EOF
    sysctl -p "$ROOT$SYSCTL_FILE"
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
