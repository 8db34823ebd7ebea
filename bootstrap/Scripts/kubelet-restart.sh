#!/bin/sh
# kubelet-restart: the kubelet runs the binary apk installed (and reads its configuration) only after a restart; OpenRC's
# `rc-service kubelet restart` stops and starts it (OpenRC/openrc sh/openrc-run.sh.in). The step that sends it checks
# through the API that the node's kubelet reports the new version.
set -eu
rc-service kubelet restart
