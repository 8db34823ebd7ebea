#!/bin/sh
# node-delete: the node's Node object is gone from the API (after a drain; its kubelet must not run any more or it
# registers again).
# Runs on the control plane. Parameters: MODE (check: exit 0 no such Node / 1 present / 2 cannot tell; apply: delete),
# NODE, ADMIN_CONF.
set -eu
ROOT="${NODE_ROOT:-}"
kubectl() { command kubectl --kubeconfig "$ROOT$ADMIN_CONF" "$@"; }
case "$MODE" in
check)
    if ! found=$(kubectl get node "$NODE" --ignore-not-found -o name); then
        echo "cannot read node $NODE" >&2
        exit 2
    fi
    [ -z "$found" ] || exit 1
    ;;
apply)
    kubectl delete node "$NODE" --ignore-not-found
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
