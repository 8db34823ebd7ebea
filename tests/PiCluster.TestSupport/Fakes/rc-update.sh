#!/bin/sh
# FAKE rc-update (OpenRC): `show <level>` prints " <svc> | <level>" lines, `add <svc> <level>` links
# /etc/init.d/<svc> into /etc/runlevels/<level> (rc-update(8); the C source was not read).
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

case "$1" in
show)
    level=${2:-default}
    for f in "$R/etc/runlevels/$level"/*; do
        [ -L "$f" ] || [ -e "$f" ] || continue
        echo " $(basename "$f") | $level"
    done ;;
add)
    mkdir -p "$R/etc/runlevels/$3"
    [ -L "$R/etc/runlevels/$3/$2" ] || { ln -s "/etc/init.d/$2" "$R/etc/runlevels/$3/$2"; change add "$2" "$3"; } ;;
*) echo "fake rc-update: unsupported $*" >&2; exit 99 ;;
esac
