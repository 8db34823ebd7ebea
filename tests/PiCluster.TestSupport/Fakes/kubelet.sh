#!/bin/sh
# FAKE kubelet, `--version` only: "Kubernetes v1.36.3", the version apk installed (fake/kubelet-version, written by the
# apk fake); not installed: the shell's "not found" (exit 127).
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

[ "$1" = --version ] || { echo "fake kubelet: only --version is faked" >&2; exit 99; }
[ -f "$R/fake/kubelet-version" ] || { echo "kubelet: not found" >&2; exit 127; }
echo "Kubernetes $(cat "$R/fake/kubelet-version")"
