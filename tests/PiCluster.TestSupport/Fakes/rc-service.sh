#!/bin/sh
# FAKE rc-service, after OpenRC/openrc sh/openrc-run.sh.in: `status` exits 3 when stopped (_status), `start`
# sources the init script and runs its start() — here only for scripts with a start() (bootstrap wrote rshared), whose real
# start() then runs; packaged services (containerd, chronyd) are only marked started.
# The init script sourced in a subshell cannot change R for the lines after it.
# shellcheck disable=SC2031
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

mkdir -p "$R/run/openrc/started"
# A started kubelet runs the installed binary: the API reports that version (fake-kubectl-day2), after a restart only once
# it has posted its status again (one NotReady look).
kubelet_runs() {
    if [ "$1" = kubelet ] && [ -f "$R/fake/kubelet-version" ]; then cp "$R/fake/kubelet-version" "$R/fake/kubelet-running"; fi
}
case "$2" in
start)
    [ ! -f "$R/run/openrc/started/$1" ] || exit 0
    # A service whose init script bootstrap wrote runs for real: its start() with OpenRC's ebegin/eend.
    if grep -qs "^start()" "$R/etc/init.d/$1"; then
        # shellcheck disable=SC2317 # ebegin/eend are called by the sourced init script
        ( ebegin() { :; }; eend() { return "$1"; }; . "$R/etc/init.d/$1"; start )
    fi
    touch "$R/run/openrc/started/$1"; kubelet_runs "$1"; change "$1" start ;;
# OpenRC's restart of a stopped service starts it; here only running ones are restarted by the scripts.
restart)
    touch "$R/run/openrc/started/$1"; kubelet_runs "$1"
    if [ "$1" = kubelet ]; then touch "$R/fake/kubelet-restarting"; event restart kubelet "$(cat "$R/fake/kubelet-running" 2> /dev/null || true)"; fi
    change "$1" restart ;;
status) [ -f "$R/run/openrc/started/$1" ] || exit 3 ;;
*) echo "fake rc-service: unsupported $*" >&2; exit 99 ;;
esac
