#!/bin/sh
# FAKE mkfs.ext4 (e2fsprogs): only records the call; the node's "disk" is a folder.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

change "$@"
