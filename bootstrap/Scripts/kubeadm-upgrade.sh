#!/bin/sh
# kubeadm-upgrade: the kubeadm half of a node's upgrade ("Upgrading kubeadm clusters").
# KIND=apply (the control plane): `kubeadm upgrade apply VERSION --yes` rewrites the static-pod manifests, renews the
# certificates by default (cmd/kubeadm/app/cmd/upgrade/apply.go, --certificate-renewal) and refuses a target more than
# one minor above the cluster or newer than kubeadm itself (app/phases/upgrade/policy.go EnforceVersionPolicies);
# done when the manifests of kube-apiserver, kube-controller-manager and kube-scheduler run VERSION.
# KIND=node (a worker): `kubeadm upgrade node` writes the kubelet configuration of the new minor
# (cmd/kubeadm/app/cmd/upgrade/node.go); it leaves nothing to check, so a marker records that it succeeded for VERSION.
# Parameters: MODE (check: exit 0 done / 1 needed; apply), KIND (apply | node), VERSION (e.g. v1.37.2).
set -eu
ROOT="${NODE_ROOT:-}"
marker="$ROOT/var/lib/picluster/kubeadm-upgrade-node"
case "$MODE/$KIND" in
check/apply)
    for c in kube-apiserver kube-controller-manager kube-scheduler; do
        grep -Eq "^[[:space:]]*image:[[:space:]]*[^[:space:]]*/$c:$VERSION\$" "$ROOT/etc/kubernetes/manifests/$c.yaml" 2> /dev/null || exit 1
    done
    ;;
check/node)
    [ "$(cat "$marker" 2> /dev/null)" = "$VERSION" ] || exit 1
    ;;
apply/apply)
    kubeadm upgrade apply "$VERSION" --yes
    ;;
apply/node)
    kubeadm upgrade node
    mkdir -p "$(dirname "$marker")"
    echo "$VERSION" > "$marker.new"
    mv "$marker.new" "$marker"
    ;;
*)
    echo "MODE must be check or apply and KIND apply or node, not $MODE/$KIND" >&2
    exit 2
    ;;
esac
