#!/bin/sh
# kubeadm-init: the control plane, initialised from the file kubeadm-config uploaded.
# Parameters: MODE, ADMIN_CONF, CONFIG (apply: the kubeadm init file), IGNORE_PREFLIGHT (apply: kubeadm's preflight
# check names to ignore, comma-separated, usually empty), API_SERVER_WAIT (check, seconds).
# check: done (0) when admin.conf and the API server manifest exist and /readyz answers within API_SERVER_WAIT seconds
# (a just-booted control plane needs a moment); needed (1) before init. Initialised but never ready is an error (2),
# not "needed": re-running init would fail on the existing files.
# apply: kubeadm init --config CONFIG [--ignore-preflight-errors=IGNORE_PREFLIGHT].
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
case "$MODE" in
    check) ;;
    apply) exec kubeadm init --config "$ROOT$CONFIG" ${IGNORE_PREFLIGHT:+"--ignore-preflight-errors=$IGNORE_PREFLIGHT"} ;;
esac
[ -f "$ROOT$ADMIN_CONF" ] || exit 1
[ -f "$ROOT/etc/kubernetes/manifests/kube-apiserver.yaml" ] || exit 1
deadline=$(( $(date +%s) + API_SERVER_WAIT ))
until kubectl --kubeconfig "$ROOT$ADMIN_CONF" get --raw /readyz > /dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "control plane initialised but the API server is not ready after ${API_SERVER_WAIT}s; see crictl ps -a and /var/log/kubelet on this node" >&2
        exit 2
    fi
    sleep 2
done
