#!/bin/sh
# replacement-gate: what `node replace` decides from — which card a worker's Node object belongs to. The kubelet
# registers the Node with the card's /etc/machine-id (status.nodeInfo.machineID); a new card draws its own.
# PART=node (on the control plane): prints the Node's machine id, nothing when there is no such Node; exit 2 when the
# API cannot be asked. PART=card (on the worker): prints the card's /etc/machine-id, nothing on a fresh card.
# Parameters: MODE (check only: it reads), PART; node: NODE, ADMIN_CONF.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
# shellcheck disable=SC2153 # NODE is a parameter of the node part only
case "$PART" in
node)
    if ! kubectl --kubeconfig "$ROOT$ADMIN_CONF" get node "$NODE" --ignore-not-found -o 'jsonpath={.status.nodeInfo.machineID}'; then
        echo "cannot ask the API server for node $NODE" >&2
        exit 2
    fi
    ;;
card)
    cat "$ROOT/etc/machine-id" 2> /dev/null || true
    ;;
*)
    echo "PART must be node or card, not $PART" >&2
    exit 2
    ;;
esac
