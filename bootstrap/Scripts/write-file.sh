#!/bin/sh
# write-file: writes stdin to "$ROOT$TARGET" atomically (a temporary sibling, then mv) with the octal FILE_MODE, so
# nothing ever reads half a file and an interrupted upload leaves the old one. Parameters: TARGET, FILE_MODE.
set -eu
ROOT="${NODE_ROOT:-}"
file="$ROOT$TARGET"
mkdir -p "$(dirname "$file")"
cat > "$file.tmp"
chmod "$FILE_MODE" "$file.tmp"
mv -f "$file.tmp" "$file"
