#!/bin/sh
# FAKE reboot: asks the fixture to kill this node's sshd and sessions, run fake-boot and start sshd again.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

# shellcheck disable=SC2119 # reboot takes no arguments here
change
touch "$R/fake/reboot-sshd"
