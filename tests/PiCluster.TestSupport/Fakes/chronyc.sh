#!/bin/sh
# FAKE chronyc: `tracking` prints "Leap status     : Normal" only while chronyd runs (synchronised), as chronyc's
# tracking report does; `waitsync` fails while chronyd is stopped. (chrony's client.c was not read.)
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

[ "$1" = -n ] && shift
case "$1" in
tracking)
    if [ -f "$R/run/openrc/started/chronyd" ]; then echo "Leap status     : Normal"; else echo "Leap status     : Not synchronised"; fi ;;
waitsync) [ -f "$R/run/openrc/started/chronyd" ] ;;
*) echo "fake chronyc: unsupported $*" >&2; exit 99 ;;
esac
