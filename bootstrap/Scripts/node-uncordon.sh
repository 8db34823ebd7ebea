#!/bin/sh
# node-uncordon: the node takes new pods again (kubectl uncordon clears spec.unschedulable) — when bootstrap cordoned it
# (the drain's marker in MARKER_DIR). A node cordoned by someone else stays cordoned: the check says done and why.
# Runs on the control plane. Parameters: MODE (check: exit 0 schedulable or not ours / 1 cordoned by bootstrap / 2 cannot
# tell; apply: uncordon, drop the marker), NODE, ADMIN_CONF, MARKER_DIR.
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
    if [ "$unschedulable" != true ]; then
        rm -f "$ROOT$MARKER_DIR/$NODE"
        exit 0
    fi
    if [ ! -f "$ROOT$MARKER_DIR/$NODE" ]; then
        echo "$NODE is cordoned, but not by bootstrap: left cordoned (kubectl uncordon $NODE gives it back)" >&2
        exit 0
    fi
    exit 1
    ;;
apply)
    kubectl uncordon "$NODE"
    rm -f "$ROOT$MARKER_DIR/$NODE"
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
