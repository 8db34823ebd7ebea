# shellcheck shell=sh
# Sourced first by every node fake in this folder (installed next to them as _common.sh): strict mode, the node's
# root, the call log every fake appends to and change(), which records a call that changed something. Tests read
# $NODE_ROOT/fake/calls.log and $NODE_ROOT/fake/changes.log; a rerun that changes nothing adds no change line.
set -eu
me=$(basename "$0")
R="$NODE_ROOT"
echo "$me $*" >> "$R/fake/calls.log"
change() { echo "$me $*" >> "$R/fake/changes.log"; }
# event(): the cluster-wide order of what the fakes did ("<node> <what>" lines in $FAKE_CLUSTER/events.log), so tests
# can assert the order of upgrade steps across nodes.
event() { echo "${FAKE_NODE:-?} $*" >> "${FAKE_CLUSTER:?}/events.log"; }
