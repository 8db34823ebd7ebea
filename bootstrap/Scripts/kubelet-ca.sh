#!/bin/sh
# kubelet-ca: a check on a worker after the control plane was rebuilt — exit 0 when the node joined (kubelet.conf) and
# trusts the cluster CA the control plane runs with again (/etc/kubernetes/pki/ca.crt, written by kubeadm join, has the
# control plane's SHA-256), so its kubelet's client certificate, signed by that CA, is accepted as soon as the API answers;
# exit 2 with what to do otherwise (a worker never has to be re-joined when the CA was kept).
# Parameters: NODE, CA_SHA256 (sha256 of the control plane's ca.crt).
set -eu
ROOT="${NODE_ROOT:-}"
if [ ! -f "$ROOT/etc/kubernetes/kubelet.conf" ]; then
    echo "$NODE has not joined the cluster (no /etc/kubernetes/kubelet.conf): run \`bootstrap cluster --node $NODE\` once the control plane is back" >&2
    exit 2
fi
ca="$ROOT/etc/kubernetes/pki/ca.crt"
if [ ! -f "$ca" ] || [ "$(sha256sum "$ca" | cut -d ' ' -f 1)" != "$CA_SHA256" ]; then
    echo "$NODE trusts another cluster CA than the rebuilt control plane ($ca differs): its kubelet will be refused; replace it with \`bootstrap node replace $NODE\`" >&2
    exit 2
fi
