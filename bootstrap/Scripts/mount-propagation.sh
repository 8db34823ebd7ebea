#!/bin/sh
# mount-propagation: / shared from an OpenRC service ordered before containerd and the kubelet (rshared.initd),
# replacing the card's local.d script, which ran too late; shared now, and on every boot.
# Parameters: MODE (check: exit 0 done / 1 needed; apply: install, enable and start the service), SERVICE_FILE,
# SERVICE_TEXT (its content without the final newline), SERVICE_SHA256 (of the file), LOCAL_SCRIPT (the card's script).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    [ "$(sha256sum "$ROOT$SERVICE_FILE" 2> /dev/null | cut -d ' ' -f 1)" = "$SERVICE_SHA256" ] || exit 1
    rc-update show boot | grep -qw rshared || exit 1
    [ ! -e "$ROOT$LOCAL_SCRIPT" ] || exit 1
    # Optional fields of the / line (before " - ") include shared:N when / propagates mounts.
    awk '$5 == "/" { for (i = 7; i <= NF && $i != "-"; i++) if ($i ~ /^shared:/) s = 1 } END { exit !s }' "$ROOT/proc/self/mountinfo" || exit 1
    ;;
apply)
    mkdir -p "$ROOT/etc/init.d"
    cat > "$ROOT$SERVICE_FILE.tmp" << EOF
$SERVICE_TEXT
EOF
    chmod 0755 "$ROOT$SERVICE_FILE.tmp"
    mv -f "$ROOT$SERVICE_FILE.tmp" "$ROOT$SERVICE_FILE"
    rc-update add rshared boot
    rm -f "$ROOT$LOCAL_SCRIPT"
    rc-service rshared start
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
