#!/bin/sh
# file-has-hash: a check — exit 0 when "$ROOT$TARGET" exists with the SHA-256 SHA256 (lower-case hex), 1 otherwise.
# Parameters: TARGET, SHA256.
set -eu
ROOT="${NODE_ROOT:-}"
file="$ROOT$TARGET"
[ -f "$file" ] || exit 1
[ "$(sha256sum "$file" | cut -d ' ' -f 1)" = "$SHA256" ] || exit 1
