#!/bin/sh
# FAKE umount <dir> (util-linux): drops <dir>'s line from /proc/mounts; an NFS mount made by the fake mount (a
# symlink) becomes the empty folder again and, like the probe that made it, leaves no change behind.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

nfs=no
if [ -L "$1" ]; then rm "$1"; mkdir "$1"; nfs=yes; fi
awk -v t="$1" '$2 != t' "$R/proc/mounts" > "$R/fake/mounts.tmp"
mv "$R/fake/mounts.tmp" "$R/proc/mounts"
[ "$nfs" = yes ] || change "$@"
