#!/bin/sh
# node-drain: moves a node's workloads off it. kubectl drain cordons the node, then evicts every pod but DaemonSet and
# mirror pods through the Eviction API, so PodDisruptionBudgets hold: the API answers an eviction that would break one
# with 429 "Cannot evict pod as it would violate the pod's disruption budget." and drain retries every 5 s until its
# --timeout ("global timeout reached"), then exits 1 and leaves the node cordoned (kubernetes/kubernetes
# staging/src/k8s.io/kubectl/pkg/drain/drain.go evictPods, pkg/cmd/drain/drain.go RunDrain). A rerun drains again.
# A node this drain cordons gets a marker in MARKER_DIR (on the control plane), so the uncordon after the work — in this
# run or a rerun after a failure — gives back only what bootstrap took: a node someone cordoned on purpose stays so.
# Runs on the control plane. Parameters: MODE (apply only: the step checks the Node object
# itself), NODE, ADMIN_CONF, TIMEOUT (drain's --timeout, e.g. 300s), MARKER_DIR.
set -eu
case "$MODE" in apply) ;; *) echo "MODE must be apply (this script only acts; its step checks by other means), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
if ! unschedulable=$(kubectl --kubeconfig "$ROOT$ADMIN_CONF" get node "$NODE" -o 'jsonpath={.spec.unschedulable}'); then
    echo "cannot read node $NODE" >&2
    exit 1
fi
if [ "$unschedulable" != true ]; then
    mkdir -p "$ROOT$MARKER_DIR"
    date -u +%Y-%m-%dT%H:%M:%SZ > "$ROOT$MARKER_DIR/$NODE"
fi
if ! out=$(kubectl --kubeconfig "$ROOT$ADMIN_CONF" drain "$NODE" --ignore-daemonsets --delete-emptydir-data --timeout="$TIMEOUT" 2>&1); then
    printf '%s\n' "$out" >&2
    case "$out" in
    *"disruption budget"*) reason="a PodDisruptionBudget allowed no eviction within $TIMEOUT" ;;
    *"global timeout reached"*) reason="its pods did not leave within $TIMEOUT" ;;
    *"declare no controller"*) reason="a pod without a controller would be lost (kubectl drain refuses it without --force)" ;;
    *) reason="kubectl drain failed" ;;
    esac
    echo "drain $NODE: $reason; $NODE stays cordoned. Fix what holds its pods (kubectl get pdb -A; kubectl get pods -A -o wide --field-selector spec.nodeName=$NODE), then rerun." >&2
    exit 1
fi
printf '%s\n' "$out"
