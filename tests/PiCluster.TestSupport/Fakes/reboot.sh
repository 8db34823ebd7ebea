#!/bin/sh
# FAKE reboot: asks the fixture to kill this node's sshd and sessions, run fake-boot and start sshd again.
# $NODE_ROOT/fake/fail-reboot makes it fail once, as busybox reboot does when it cannot signal init
# ("reboot: can't signal init"), before anything changed.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

if [ -f "$R/fake/fail-reboot" ]; then
    rm "$R/fake/fail-reboot"
    echo "reboot: can't signal init (fake)" >&2
    exit 1
fi
# shellcheck disable=SC2119 # reboot takes no arguments here
change
touch "$R/fake/reboot-sshd"
