#!/bin/sh
# pods-force-delete: deletes, without waiting for a kubelet, the Pods still bound to a Node that no longer exists (a
# dead or replaced Pi): `kubectl delete pod --force --grace-period=0` removes the object at once (kubernetes/kubectl
# pkg/cmd/delete/delete.go: "Immediate deletion does not wait for confirmation that the running resource has been
# terminated"; --grace-period=0 without --force would become a graceful delete with grace 1, which a dead node never
# confirms, so the Pod would stay Terminating). It is what the pod garbage collector does to Pods of a
# deleted Node after its quarantine (kubernetes/kubernetes pkg/controller/podgc/gc_controller.go gcOrphaned), done now so
# a StatefulSet's or a single-replica Pod's successor starts at once. Pods stuck Terminating are among them.
# Runs on the control plane. Parameters: MODE (apply only: the step reads the Pods through the API), NODE, ADMIN_CONF, PODS ("namespace/name" words, read just before).
set -eu
case "$MODE" in apply) ;; *) echo "MODE must be apply (this script only acts; its step checks by other means), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
if [ -n "$(kubectl --kubeconfig "$ROOT$ADMIN_CONF" get node "$NODE" --ignore-not-found -o name)" ]; then
    echo "node $NODE still exists: delete it first (its kubelet would keep the Pods)" >&2
    exit 2
fi
for pod in $PODS; do
    kubectl --kubeconfig "$ROOT$ADMIN_CONF" delete pod --namespace "${pod%%/*}" "${pod#*/}" --force --grace-period=0 --ignore-not-found
done
