#!/bin/sh
# node-drain: moves a node's workloads off it. kubectl drain cordons the node, then evicts every pod but DaemonSet and
# mirror pods through the Eviction API, so PodDisruptionBudgets hold: the API answers an eviction that would break one
# with 429 "Cannot evict pod as it would violate the pod's disruption budget." and drain retries every 5 s until its
# --timeout ("global timeout reached"), then exits 1 and leaves the node cordoned (kubernetes/kubernetes
# staging/src/k8s.io/kubectl/pkg/drain/drain.go evictPods, pkg/cmd/drain/drain.go RunDrain). A rerun drains again.
# Runs on the control plane. Parameters: NODE, ADMIN_CONF, TIMEOUT (drain's --timeout, e.g. 300s).
set -eu
ROOT="${NODE_ROOT:-}"
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
