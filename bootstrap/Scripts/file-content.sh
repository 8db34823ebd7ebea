#!/bin/sh
# file-content: a file on the node with exactly the content bootstrap holds.
# Parameters: MODE (check: exit 0 when "$ROOT$TARGET" exists with SHA-256 SHA256, lower-case hex, 1 otherwise;
# apply: write stdin to "$ROOT$TARGET" atomically — a temporary sibling, then mv, so nothing ever reads half a file
# and an interrupted upload leaves the old one — with the octal FILE_MODE), TARGET, SHA256 (check), FILE_MODE (apply),
# DECODE (apply: base64 for binary content; the transport carries text on stdin).
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
file="$ROOT$TARGET"
case "$MODE" in
    check)
        [ -f "$file" ] || exit 1
        [ "$(sha256sum "$file" | cut -d ' ' -f 1)" = "$SHA256" ] || exit 1
        ;;
    apply)
        mkdir -p "$(dirname "$file")"
        # Private until FILE_MODE says otherwise: the temporary file (a key, a decrypted backup) is never readable by
        # others, not even for the moment before chmod.
        umask 077
        if [ "${DECODE:-}" = base64 ]; then base64 -d > "$file.tmp"; else cat > "$file.tmp"; fi
        chmod "$FILE_MODE" "$file.tmp"
        mv -f "$file.tmp" "$file"
        ;;
esac
