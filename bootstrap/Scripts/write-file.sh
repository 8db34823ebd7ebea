#!/bin/sh
# write-file: writes stdin to "$ROOT$TARGET" atomically (a temporary sibling, then mv) with the octal FILE_MODE, so
# nothing ever reads half a file and an interrupted upload leaves the old one. Parameters: TARGET, FILE_MODE, and
# DECODE=base64 for binary content (the transport carries text on stdin).
set -eu
ROOT="${NODE_ROOT:-}"
file="$ROOT$TARGET"
mkdir -p "$(dirname "$file")"
if [ "${DECODE:-}" = base64 ]; then base64 -d > "$file.tmp"; else cat > "$file.tmp"; fi
chmod "$FILE_MODE" "$file.tmp"
mv -f "$file.tmp" "$file"
