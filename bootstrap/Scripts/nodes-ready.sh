#!/bin/sh
# nodes-ready: a check — exit 0 when every node in NODES (space-separated) reports Ready, 1 otherwise.
# Runs on the control plane. Parameters: MODE (check only), NODES, ADMIN_CONF.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
nodes=$(kubectl --kubeconfig "$ROOT$ADMIN_CONF" get nodes --no-headers)
for node in $NODES; do
    echo "$nodes" | awk -v n="$node" '$1 == n && $2 == "Ready" { found = 1 } END { exit !found }' || exit 1
done
