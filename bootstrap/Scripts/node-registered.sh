#!/bin/sh
# node-registered: a check — exit 0 when the API has a Node named NODE, 1 when not (yet), 2 when the API cannot be
# asked (never "not registered" on an error). Runs on the control plane. Parameters: MODE (check only), NODE, ADMIN_CONF.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
if ! found=$(kubectl --kubeconfig "$ROOT$ADMIN_CONF" get node "$NODE" --ignore-not-found -o name); then
    echo "cannot ask the API server whether node $NODE is registered" >&2
    exit 2
fi
[ -n "$found" ] || exit 1
