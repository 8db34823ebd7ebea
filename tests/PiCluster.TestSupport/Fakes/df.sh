#!/bin/sh
# FAKE df -P <path>: the node's SD card does not exist here. POSIX df -P output (coreutils and busybox print the same
# columns: "Filesystem 1024-blocks Used Available Capacity Mounted on"); the filesystem holding the path is p1 when it is
# under /media/mmcblk0p1, else /. Sizes from $NODE_ROOT/fake/disk-root and fake/disk-boot ("<1024-blocks> <used>";
# default a 29 GiB root 21% used and a 1 GiB p1 5% used) — a test makes a disk full by writing that file.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

{ [ "$1" = -P ] && [ $# -eq 2 ]; } || { echo "fake df: only df -P <path> is faked" >&2; exit 99; }
case "$2" in
"$R/media/mmcblk0p1"*) disk=boot; device=/dev/mmcblk0p1; mount=/media/mmcblk0p1; size="1046512 52326" ;;
*) disk=root; device=/dev/mmcblk0p2; mount=/; size="30408704 6385828" ;;
esac
if [ -f "$R/fake/disk-$disk" ]; then size=$(cat "$R/fake/disk-$disk"); fi
blocks=${size% *}; used=${size#* }
echo "Filesystem     1024-blocks      Used Available Capacity Mounted on"
printf '%-14s %11s %9s %9s %7s%% %s\n' "$device" "$blocks" "$used" "$((blocks - used))" "$(((used * 100 + blocks - 1) / blocks))" "$mount"
