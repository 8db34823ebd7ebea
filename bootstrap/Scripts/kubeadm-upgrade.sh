#!/bin/sh
# kubeadm-upgrade: the kubeadm half of a node's upgrade ("Upgrading kubeadm clusters").
# KIND=apply (the control plane): `kubeadm upgrade apply VERSION --yes` rewrites the static-pod manifests, renews the
# certificates by default (cmd/kubeadm/app/cmd/upgrade/apply.go, --certificate-renewal) and refuses a target more than
# one minor above the cluster or newer than kubeadm itself (app/phases/upgrade/policy.go EnforceVersionPolicies);
# It writes the manifests first and only then runs the post-upgrade tasks (cmd/kubeadm/app/cmd/upgrade/apply.go runApply:
# PerformControlPlaneUpgrade, then PerformPostUpgradeTasks: the kubeadm-config and kubelet-config ConfigMaps, RBAC, the
# CoreDNS and kube-proxy addons), so manifests at VERSION do not mean it finished: a marker records that it succeeded.
# Done when the marker names VERSION and the kube-apiserver, kube-controller-manager and kube-scheduler manifests run
# it; or, on a cluster never upgraded (no marker), when kubeadm init's file (INIT_CONFIG) names VERSION and the manifests
# run it. KIND=plan: `kubeadm upgrade plan VERSION` (cmd/upgrade/plan.go: the cluster's health and configuration and
# the upgrades available; the version policies are apply's), a verification run as the action of a check.
# KIND=node (a worker): `kubeadm upgrade node` writes the kubelet configuration of the new minor
# (cmd/kubeadm/app/cmd/upgrade/node.go); it leaves nothing to check, so a marker records that it succeeded for VERSION.
# Parameters: MODE (check: exit 0 done / 1 needed; apply), KIND (apply | node | plan), VERSION (e.g. v1.37.2),
# INIT_CONFIG (KIND=apply: kubeadm init's file, /etc/kubernetes/kubeadm-init.yaml).
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
marker="$ROOT/var/lib/picluster/kubeadm-upgrade-$KIND"
done_marker() {
    mkdir -p "$(dirname "$marker")"
    echo "$VERSION" > "$marker.new"
    mv "$marker.new" "$marker"
}
case "$MODE/$KIND" in
check/apply)
    for c in kube-apiserver kube-controller-manager kube-scheduler; do
        grep -Eq "^[[:space:]]*image:[[:space:]]*[^[:space:]]*/$c:$VERSION\$" "$ROOT/etc/kubernetes/manifests/$c.yaml" 2> /dev/null || exit 1
    done
    if [ -f "$marker" ]; then
        [ "$(cat "$marker")" = "$VERSION" ] || exit 1
    else
        grep -Eq "^kubernetesVersion:[[:space:]]*$VERSION\$" "$ROOT$INIT_CONFIG" 2> /dev/null || exit 1
    fi
    ;;
apply/plan)
    kubeadm upgrade plan "$VERSION"
    ;;
check/node)
    [ "$(cat "$marker" 2> /dev/null)" = "$VERSION" ] || exit 1
    ;;
apply/apply)
    kubeadm upgrade apply "$VERSION" --yes
    done_marker
    ;;
apply/node)
    kubeadm upgrade node
    done_marker
    ;;
*)
    echo "MODE must be check or apply and KIND apply, node or plan, not $MODE/$KIND" >&2
    exit 2
    ;;
esac
