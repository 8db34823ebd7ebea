#!/bin/sh
# FAKE rc-update, after OpenRC/openrc src/rc-update/rc-update.c: `show <level>` prints " <svc> | <level>" lines,
# `add <svc> <level>` links /etc/init.d/<svc> into /etc/runlevels/<level> ("service <svc> added to runlevel <level>"),
# says "already installed in runlevel" and changes nothing when it is there, and refuses a service whose init script
# does not exist ("rc-update: service `<svc>' does not exist", exit 1) — e.g. crond before busybox-openrc.
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
    if [ ! -f "$R/etc/init.d/$2" ]; then echo " * rc-update: service \`$2' does not exist" >&2; exit 1; fi
    mkdir -p "$R/etc/runlevels/$3"
    if [ -L "$R/etc/runlevels/$3/$2" ]; then echo " * rc-update: $2 already installed in runlevel \`$3'; skipping"; exit 0; fi
    ln -s "/etc/init.d/$2" "$R/etc/runlevels/$3/$2"
    echo " * service $2 added to runlevel $3"
    change add "$2" "$3" ;;
*) echo "fake rc-update: unsupported $*" >&2; exit 99 ;;
esac
