#!/bin/sh
# kubelet-restart: the kubelet runs the binary apk installed (and reads its configuration) only after a restart; OpenRC's
# `rc-service kubelet restart` stops and starts it (OpenRC/openrc sh/openrc-run.sh.in). The step that sends it checks
# through the API that the node's kubelet reports the new version. Parameters: MODE (apply only).
set -eu
case "$MODE" in apply) ;; *) echo "MODE must be apply (this script only acts; its step checks by other means), not $MODE" >&2; exit 2 ;; esac
rc-service kubelet restart
