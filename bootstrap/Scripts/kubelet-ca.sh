#!/bin/sh
# kubelet-ca: a check after the control plane was rebuilt, in two parts.
# PART=control-plane (on the control plane): prints the SHA-256 of the cluster CA it runs with (PKI_DIR/ca.crt).
# PART=worker (on each worker): exit 0 when the node joined (kubelet.conf) and trusts that CA again
# (/etc/kubernetes/pki/ca.crt, written by kubeadm join, has CA_SHA256), so its kubelet's client certificate, signed by
# that CA, is accepted as soon as the API answers; exit 2 with what to do otherwise (a worker never has to be re-joined
# when the CA was kept).
# Parameters: MODE (check only: it reads), PART; control-plane: PKI_DIR; worker: NODE, CA_SHA256.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
# shellcheck disable=SC2153 # NODE is a parameter of the worker part only
case "$PART" in
control-plane)
    sha256sum "$ROOT$PKI_DIR/ca.crt" | cut -d ' ' -f 1
    ;;
worker)
    if [ ! -f "$ROOT/etc/kubernetes/kubelet.conf" ]; then
        echo "$NODE has not joined the cluster (no /etc/kubernetes/kubelet.conf): run \`bootstrap cluster --node $NODE\` once the control plane is back" >&2
        exit 2
    fi
    ca="$ROOT/etc/kubernetes/pki/ca.crt"
    if [ ! -f "$ca" ] || [ "$(sha256sum "$ca" | cut -d ' ' -f 1)" != "$CA_SHA256" ]; then
        echo "$NODE trusts another cluster CA than the rebuilt control plane ($ca differs): its kubelet will be refused; replace it with \`bootstrap node replace $NODE\`" >&2
        exit 2
    fi
    ;;
*)
    echo "PART must be control-plane or worker, not $PART" >&2
    exit 2
    ;;
esac
