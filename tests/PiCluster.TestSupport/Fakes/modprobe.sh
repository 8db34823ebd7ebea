#!/bin/sh
# FAKE modprobe: a loaded module appears as /sys/module/<name>, as the kernel shows it.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

[ -d "$R/sys/module/$1" ] || { mkdir -p "$R/sys/module/$1"; change "$1"; }
