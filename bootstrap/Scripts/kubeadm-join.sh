#!/bin/sh
# kubeadm-join: this worker joined as NODE.
# Parameters: MODE (check: exit 0 when the kubelet has its kubeconfig, /etc/kubernetes/kubelet.conf, 1 otherwise — the
# control plane's node-registered says whether the API knows it; apply: kubeadm join), NODE (apply).
# apply reads the API endpoint, token and CA hash on stdin, one a line, so the token never appears on a command line,
# in a file or a log.
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
case "$MODE" in
    check) [ -f "$ROOT/etc/kubernetes/kubelet.conf" ] || exit 1 ;;
    apply)
        IFS= read -r endpoint
        IFS= read -r token
        IFS= read -r hash
        kubeadm join "$endpoint" --token "$token" --discovery-token-ca-cert-hash "$hash" --node-name "$NODE"
        ;;
esac
