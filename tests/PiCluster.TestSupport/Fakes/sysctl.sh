#!/bin/sh
# FAKE sysctl -p <file>: writes each key to /proc/sys/<key with dots as slashes> and echoes "key = value".
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

[ "$1" = -p ] || { echo "fake sysctl: unsupported $*" >&2; exit 99; }
grep -v '^#' "$2" | while IFS='= ' read -r key value; do
    [ -n "$key" ] || continue
    path="$R/proc/sys/$(echo "$key" | tr . /)"
    mkdir -p "$(dirname "$path")"
    echo "$value" > "$path"
    echo "$key = $value"
done
change "$@"
