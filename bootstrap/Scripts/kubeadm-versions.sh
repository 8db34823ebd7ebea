#!/bin/sh
# kubeadm-versions: the installed kubeadm and the version the control plane runs, one "name=value" line each:
# installed=v1.36.4, control-plane=v1.36.3 (empty before kubeadm init). The running version is the kube-apiserver
# static pod's image tag: kubeadm writes <repository>/kube-apiserver:<kubernetesVersion> into
# /etc/kubernetes/manifests/kube-apiserver.yaml at init and again at every `kubeadm upgrade apply`
# (kubernetes/kubernetes cmd/kubeadm/app/phases/controlplane/manifests.go, images.GetKubernetesImage).
# Exit 2 when the cluster is initialised but the manifest names no kube-apiserver image. Parameters: MODE (check only:
# it reads).
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
manifest="$ROOT/etc/kubernetes/manifests/kube-apiserver.yaml"
echo "installed=$(kubeadm version -o short)"
running=""
if [ -f "$ROOT/etc/kubernetes/admin.conf" ] && [ -f "$manifest" ]; then
    running=$(sed -n 's|^[[:space:]]*image:[[:space:]]*[^[:space:]]*/kube-apiserver:\(v[^[:space:]]*\)[[:space:]]*$|\1|p' "$manifest" | head -n 1)
    if [ -z "$running" ]; then
        echo "$manifest names no kube-apiserver image" >&2
        exit 2
    fi
fi
echo "control-plane=$running"
