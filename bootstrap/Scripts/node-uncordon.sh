#!/bin/sh
# node-uncordon: the node takes new pods again (kubectl uncordon clears spec.unschedulable).
# Runs on the control plane. Parameters: MODE (check: exit 0 schedulable / 1 cordoned / 2 cannot tell; apply: uncordon),
# NODE, ADMIN_CONF.
set -eu
ROOT="${NODE_ROOT:-}"
kubectl() { command kubectl --kubeconfig "$ROOT$ADMIN_CONF" "$@"; }
case "$MODE" in
check)
    # A failing kubectl inside $(…) would read as "needed" under set -e: make it an error.
    if ! unschedulable=$(kubectl get node "$NODE" -o 'jsonpath={.spec.unschedulable}'); then
        echo "cannot read node $NODE" >&2
        exit 2
    fi
    [ "$unschedulable" != true ] || exit 1
    ;;
apply)
    kubectl uncordon "$NODE"
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
