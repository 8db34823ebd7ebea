#!/bin/sh
# FAKE swapoff -a: /proc/swaps keeps only its header line.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

head -n 1 "$R/proc/swaps" > "$R/fake/swaps.tmp"
mv "$R/fake/swaps.tmp" "$R/proc/swaps"
change "$@"
