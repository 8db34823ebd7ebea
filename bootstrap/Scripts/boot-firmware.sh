#!/bin/sh
# boot-firmware: device trees, overlays and firmware at p1's root follow /boot after every apk upgrade: an apk commit
# hook (boot-firmware-sync.sh) copies what changed; apply installs it and runs it once. apk ignores the hook's failure,
# so the hook leaves a marker (/var/lib/picluster/boot-firmware-sync.failed) that the check reports as "needed":
# `bootstrap nodes` after an `apk upgrade` retries the sync, and fails with the hook's reason while p1 stays broken.
# Parameters: MODE (check: exit 0 done / 1 needed; apply: install and sync), HOOK_DIR, HOOK_FILE (inside HOOK_DIR),
# HOOK_TEXT (its content without the final newline), HOOK_SHA256 (of the file).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    [ "$(sha256sum "$ROOT$HOOK_FILE" 2> /dev/null | cut -d ' ' -f 1)" = "$HOOK_SHA256" ] || exit 1
    sh "$ROOT$HOOK_FILE" check
    ;;
apply)
    mkdir -p "$ROOT$HOOK_DIR"
    cat > "$ROOT$HOOK_FILE.tmp" << EOF
$HOOK_TEXT
EOF
    chmod 0755 "$ROOT$HOOK_FILE.tmp"
    mv -f "$ROOT$HOOK_FILE.tmp" "$ROOT$HOOK_FILE"
    sh "$ROOT$HOOK_FILE" sync
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
