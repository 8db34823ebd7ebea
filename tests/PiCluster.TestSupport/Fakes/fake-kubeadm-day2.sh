#!/bin/sh
# FAKE kubeadm upgrade and certs, called by the kubeadm fake; after kubernetes/kubernetes cmd/kubeadm.
# Cluster version: $FAKE_CLUSTER/control-plane-version (the kubeadm-config ConfigMap's kubernetesVersion); static pods:
# the manifests' image lines; certificates: $NODE_ROOT/fake/certs ("<name> <expiry epoch> <ca>" lines, CAs with ca "-"),
# their files touched when renewed (the restart checks compare those times).
# - upgrade plan [version] (cmd/upgrade/plan.go): checks the cluster's health and configuration and prints the available
#   upgrades; it does not enforce the version policies (only apply calls EnforceVersionPolicies). A health failure to
#   inject: fake/fail-upgrade-plan.
# - upgrade apply <version> (cmd/upgrade/apply.go runApply): app/phases/upgrade/policy.go EnforceVersionPolicies — a
#   target more than one minor above the cluster ("is too high; kubeadm can upgrade only 1 minor version at a time") or
#   above kubeadm's own minor ("is at least one minor release higher than the kubeadm minor release") is fatal; a patch
#   above kubeadm's needs --force. It asks for confirmation without --yes/-y/-f, then PerformControlPlaneUpgrade
#   rewrites the static-pod manifests (etcd's with the image kubeadm's own constants.go SupportedEtcdVersion names for
#   the target minor) and renews the certificates unless --certificate-renewal=false; only then PerformPostUpgradeTasks
#   uploads the kubeadm-config ConfigMap ($FAKE_CLUSTER/control-plane-version) and applies the CoreDNS and kube-proxy
#   addons ($FAKE_CLUSTER/addons), and prints "[upgrade/successful] SUCCESS! …". fake/fail-upgrade-apply fails before the
#   manifests, fake/fail-upgrade-apply-post after them (a "[upgrade/postupgrade] FATAL post-upgrade error").
# - upgrade node (cmd/upgrade/node.go, phases/upgrade/node): writes the kubelet configuration the cluster's kubelet-config
#   ConfigMap holds (the cluster's version); it checks no kubeadm/cluster minor itself.
# - certs check-expiration [-o json] (cmd/certs.go, output API output.kubeadm.k8s.io/v1alpha3 CertificateExpirationInfo)
#   and certs renew all (every leaf certificate + the kubeconfigs' client certificates, never the CAs; ends with
#   "Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd").
# Failures to inject: $NODE_ROOT/fake/fail-upgrade-plan, fake/fail-upgrade-apply, fake/fail-upgrade-apply-post, fake/fail-upgrade-node.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"
# Called by the kubeadm fake: changes are logged under its name.
me=kubeadm

C="$FAKE_CLUSTER"
K="$R/etc/kubernetes"
certs="$R/fake/certs"
now=$(date +%s)
year=$((365 * 86400))
# Renewal manager names (app/phases/certs/renewal/manager.go; super-admin.conf since v1.29) and the file each lives in.
LEAVES="admin.conf:admin.conf:ca apiserver:pki/apiserver.crt:ca apiserver-etcd-client:pki/apiserver-etcd-client.crt:etcd-ca apiserver-kubelet-client:pki/apiserver-kubelet-client.crt:ca controller-manager.conf:controller-manager.conf:ca etcd-healthcheck-client:pki/etcd/healthcheck-client.crt:etcd-ca etcd-peer:pki/etcd/peer.crt:etcd-ca etcd-server:pki/etcd/server.crt:etcd-ca front-proxy-client:pki/front-proxy-client.crt:front-proxy-ca scheduler.conf:scheduler.conf:ca super-admin.conf:super-admin.conf:ca"

manifest() { # component image
    mkdir -p "$K/manifests"
    printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  namespace: kube-system\nspec:\n  containers:\n  - name: %s\n    image: %s\n' "$1" "$1" "$2" > "$K/manifests/$1.yaml.new"
    mv "$K/manifests/$1.yaml.new" "$K/manifests/$1.yaml"
}
renew_all() {
    : > "$certs.new"
    grep ' -$' "$certs" >> "$certs.new" 2> /dev/null || true
    for leaf in $LEAVES; do
        name=${leaf%%:*}; rest=${leaf#*:}; file=${rest%%:*}; ca=${rest#*:}
        echo "$name $((now + year)) $ca" >> "$certs.new"
        mkdir -p "$(dirname "$K/$file")"
        echo "$name renewed at $now" > "$K/$file.fake-cert"
        touch "$K/$file"
    done
    mv "$certs.new" "$certs"
    # admin.conf carries a new client certificate (a new key and serial on every renewal, even within one second, as
    # kubeadm's renewal manager signs a fresh one): the workstation's copy must follow it.
    renewal=$(( $(cat "$C/renewals" 2> /dev/null || echo 0) + 1 ))
    echo "$renewal" > "$C/renewals"
    if [ -f "$K/admin.conf" ]; then
        sed -i "s/client-certificate-data: .*/client-certificate-data: RkFLRS1DRVJULXJlbmV3ZWQt$now-$renewal/" "$K/admin.conf"
    fi
}
cluster_version() { cat "$C/control-plane-version"; }
minor() { echo "$1" | cut -d. -f2; }
# This kubeadm's SupportedEtcdVersion entry for a Kubernetes minor (constants.go; 1.37 moved to etcd 3.7.0, kubernetes
# PR #140333), the nearest entry for any other.
etcd_tag() { if [ "$(minor "$1")" -ge 37 ]; then echo 3.7.0-0; else echo 3.6.9-0; fi; }
addons() { printf 'coredns v1.13.1\nkube-proxy %s\n' "$1" > "$C/addons"; }
# EnforceVersionPolicies for target $1; $2 = yes when --force was given. Prints kubeadm's fatal wording and fails.
policy() {
    target=$1; cluster=$(cluster_version); mine=$(cat "$R/fake/kubeadm-version")
    echo "[upgrade/versions] Cluster version: $cluster"
    echo "[upgrade/versions] kubeadm version: $mine"
    fatal=""
    if [ "$(minor "$target")" -gt $(($(minor "$cluster") + 1)) ]; then
        fatal="$fatal
	- Specified version to upgrade to \"$target\" is too high; kubeadm can upgrade only 1 minor version at a time"
    fi
    if [ "$(minor "$target")" -gt "$(minor "$mine")" ]; then
        fatal="$fatal
	- Specified version to upgrade to \"$target\" is at least one minor release higher than the kubeadm minor release ($(minor "$target") > $(minor "$mine")). Such an upgrade is not supported"
    fi
    if [ -n "$fatal" ]; then
        printf '[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:\n%s\n\nPlease fix the misalignments highlighted above and try upgrading again\n' "$fatal" >&2
        return 1
    fi
    if [ "$target" != "$mine" ] && [ "$(printf '%s\n%s\n' "$target" "$mine" | sort -V | tail -n 1)" = "$target" ] && [ "$2" != yes ]; then
        printf '[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n\t- Specified version to upgrade to "%s" is higher than the kubeadm version "%s". Upgrade kubeadm first using the tool you used to install kubeadm\n\nCan be bypassed if you pass the --force flag\n' "$target" "$mine" >&2
        return 1
    fi
}

case "$1 $2" in
"init-state "*)
    v=$2
    for c in kube-apiserver kube-controller-manager kube-scheduler; do manifest "$c" "registry.k8s.io/$c:$v"; done
    manifest etcd "registry.k8s.io/etcd:$(etcd_tag "$v")"
    echo "$v" > "$C/control-plane-version"
    addons "$v"
    { echo "ca $((now + 10 * year)) -"; echo "etcd-ca $((now + 10 * year)) -"; echo "front-proxy-ca $((now + 10 * year)) -"; } > "$certs"
    renew_all ;;
"certs check-expiration")
    if [ "${3:-} ${4:-}" = "-o json" ]; then
        entry() { # name expiry ca
            printf '    {\n      "name": "%s",\n      "expirationDate": "%s",\n      "residualTime": %s,\n      "externallyManaged": false,%s\n      "missing": false\n    }' \
                "$1" "$(date -u -d "@$2" +%Y-%m-%dT%H:%M:%SZ)" "$(($2 - now))" "$( [ "$3" = - ] || printf '\n      "caName": "%s",' "$3")"
        }
        list() { # CAs (yes) or leaves (no)
            sort -k1,1 "$certs" | awk -v cas="$1" '(cas == "yes") == ($3 == "-")' | {
                sep=""
                while read -r name expiry ca; do printf '%s' "$sep"; entry "$name" "$expiry" "$ca"; sep=",
"; done
            }
        }
        printf '{\n  "kind": "CertificateExpirationInfo",\n  "apiVersion": "output.kubeadm.k8s.io/v1alpha3",\n  "certificates": [\n'
        list no
        printf '\n  ],\n  "certificateAuthorities": [\n'
        list yes
        printf '\n  ]\n}\n'
    else
        echo "CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED"
        sort -k1,1 "$certs" | while read -r name expiry ca; do
            if [ "$ca" != - ]; then
                printf '%-26s %-24s %-15s %-23s no\n' "$name" "$(date -u -d "@$expiry" '+%b %d, %Y %H:%M UTC')" "$(((expiry - now) / 86400))d" "$ca"
            fi
        done
    fi ;;
"certs renew")
    [ "${3:-}" = all ] || { echo "fake kubeadm: unsupported certs renew ${3:-}" >&2; exit 99; }
    renew_all
    for leaf in $LEAVES; do echo "${leaf%%:*} renewed"; done
    printf '\nDone renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.\n'
    event certs renew all
    change certs renew all ;;
"upgrade plan")
    target=${3:-$(cat "$R/fake/kubeadm-version")}
    if [ -f "$R/fake/fail-upgrade-plan" ]; then echo "[upgrade/health] FATAL: [preflight] Some fatal errors occurred: the control plane is not healthy (fake)" >&2; exit 1; fi
    printf '[upgrade/versions] Cluster version: %s\n[upgrade/versions] kubeadm version: %s\nUpgrade to the latest version in the v%s series:\n\nCOMPONENT                 NODE   CURRENT   TARGET\nkube-apiserver            %s    %s   %s\n\nYou can now apply the upgrade by executing the following command:\n\n\tkubeadm upgrade apply %s\n' \
        "$(cluster_version)" "$(cat "$R/fake/kubeadm-version")" "$(echo "$target" | cut -d. -f1,2 | tr -d v)" "$FAKE_NODE" "$(cluster_version)" "$target" "$target" ;;
"upgrade apply")
    target=$3; shift 3
    yes=no; force=no; renew=yes
    for a in "$@"; do
        case "$a" in
        --yes | -y) yes=yes ;;
        --force | -f) yes=yes; force=yes ;;
        --certificate-renewal=false) renew=no ;;
        esac
    done
    if [ "$yes" != yes ]; then
        echo "[upgrade] Are you sure you want to proceed? [y/N]: "
        read -r answer || answer=""
        case "$answer" in y | Y) ;; *) echo "won't proceed; the user didn't answer (Y|y) in order to continue" >&2; exit 1 ;; esac
    fi
    policy "$target" "$force" || exit 1
    if [ -f "$R/fake/fail-upgrade-apply" ]; then echo "[upgrade/apply] FATAL: couldn't upgrade control plane: timed out waiting for the condition (fake)" >&2; exit 1; fi
    manifest etcd "registry.k8s.io/etcd:$(etcd_tag "$target")"
    for c in kube-apiserver kube-controller-manager kube-scheduler; do manifest "$c" "registry.k8s.io/$c:$target"; done
    if [ "$renew" = yes ]; then renew_all; fi
    event upgrade apply "$target"
    change upgrade apply "$target"
    if [ -f "$R/fake/fail-upgrade-apply-post" ]; then
        rm "$R/fake/fail-upgrade-apply-post"
        echo "[upgrade/postupgrade] FATAL post-upgrade error: unable to update the CoreDNS deployment: timed out (fake)" >&2
        exit 1
    fi
    echo "$target" > "$C/control-plane-version"
    addons "$target"
    printf '\n[upgrade/successful] SUCCESS! Your cluster was upgraded to "%s". Enjoy!\n\n[upgrade/kubelet] Now that your control plane is upgraded, please proceed with upgrading your kubelets if you haven'"'"'t already done so.\n' "$target" ;;
"upgrade node")
    [ -f "$K/kubelet.conf" ] || { echo "[upgrade] FATAL: unable to read /etc/kubernetes/kubelet.conf: no such file" >&2; exit 1; }
    cluster=$(cluster_version)
    if [ -f "$R/fake/fail-upgrade-node" ]; then echo "[upgrade/kubelet-config] FATAL: failed to download the kubelet configuration: timed out (fake)" >&2; exit 1; fi
    mkdir -p "$R/var/lib/kubelet"
    echo "kubernetesVersion: $cluster" > "$R/var/lib/kubelet/config.yaml"
    event upgrade node "$cluster"
    change upgrade node "$cluster"
    echo "[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!" ;;
*) echo "fake kubeadm: unsupported $*" >&2; exit 99 ;;
esac
