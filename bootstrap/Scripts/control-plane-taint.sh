#!/bin/sh
# control-plane-taint: the single control plane also runs workloads, so kubeadm's NoSchedule taint comes off.
# Parameters: MODE (check: exit 0 untainted / 1 tainted / 2 cannot tell; apply: remove the taint), NODE, ADMIN_CONF.
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
kubectl() { command kubectl --kubeconfig "$ROOT$ADMIN_CONF" "$@"; }
if [ "$MODE" = apply ]; then
    kubectl taint nodes "$NODE" node-role.kubernetes.io/control-plane:NoSchedule-
    exit 0
fi
# A failing kubectl inside $(…) would exit 1 under set -e and read as "needed": make it an error.
if ! taints=$(kubectl get node "$NODE" -o 'jsonpath={.spec.taints[*].key}'); then
    echo "cannot read the taints of node $NODE" >&2
    exit 2
fi
case " $taints " in
    *" node-role.kubernetes.io/control-plane "*) exit 1 ;;
esac
