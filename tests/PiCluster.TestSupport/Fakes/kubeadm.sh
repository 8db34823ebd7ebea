#!/bin/sh
# FAKE kubeadm. `token create --print-join-command` prints kubernetes/kubernetes cmd/kubeadm/app/cmd/util/join.go's
# joinCommandTemplate ("kubeadm join <host:port> --token <t> --discovery-token-ca-cert-hash sha256:<h>"); `join`
# refuses an unknown token or an existing kubelet.conf (preflight FileAvailable) and returns before the Node
# registers (kubernetes#129279). `init` refuses an existing admin.conf (preflight FileAvailable) and checks
# kubernetesVersion like upstream: below the oldest control plane it supports (kubeadm's minor - 1,
# constants.MinimumControlPlaneVersion) it stops (cmd/kubeadm/app/util/config/common.go NormalizeKubernetesVersion:
# "this version of kubeadm only supports deploying clusters with the control plane version >= …"); from the next
# minor on it only warns (cmd/kubeadm/app/preflight/checks.go KubernetesVersionCheck returns a warning: "Kubernetes
# version is greater than kubeadm version. Please consider to upgrade kubeadm."); a newer patch of its own minor
# passes silently. The node registers with the control-plane taint unless InitConfiguration's
# nodeRegistration.taints is an empty list (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go NodeRegistrationOptions.Taints:
# nil means the default control-plane taint, `taints: []` none).
# Not kubeadm's rule but the project's invariant, checked here so a regression shows: the file must set
# KubeletConfiguration cgroupDriver: cgroupfs (OpenRC has no systemd; kubeadm itself would accept either).
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

C="$FAKE_CLUSTER"
case "$1" in
# The version apk installed (fake apk writes it); not installed: the shell's "not found".
version) cat "$R/fake/kubeadm-version" 2> /dev/null || { echo "kubeadm: not found" >&2; exit 127; } ;;
config)
    # kubernetes/kubernetes cmd/kubeadm/app/constants/constants.go: PauseVersion is pinned per release.
    [ "$2 $3" = "images list" ] || { echo "fake kubeadm: unsupported $*" >&2; exit 99; }
    v=${5:-v1.36.1}
    for c in kube-apiserver kube-controller-manager kube-scheduler kube-proxy; do echo "registry.k8s.io/$c:$v"; done
    echo registry.k8s.io/coredns/coredns:v1.13.1
    echo registry.k8s.io/pause:3.10.1
    echo registry.k8s.io/etcd:3.6.6-0 ;;
init)
    config=$3
    grep -q 'cgroupDriver: cgroupfs' "$config" || { echo "fake kubeadm: the project's invariant cgroupDriver: cgroupfs is missing" >&2; exit 1; }
    wanted=$(sed -n 's/^kubernetesVersion: *//p' "$config")
    mine=$(cat "$R/fake/kubeadm-version")
    minor() { echo "$1" | sed 's/^v//' | cut -d . -f 2; }
    if [ "$(minor "$wanted")" -lt $(($(minor "$mine") - 1)) ]; then
        echo "this version of kubeadm only supports deploying clusters with the control plane version >= 1.$(($(minor "$mine") - 1)).0. Current version: $wanted" >&2
        exit 1
    fi
    if [ "$(minor "$wanted")" -gt "$(minor "$mine")" ]; then
        echo "	[WARNING KubernetesVersion]: Kubernetes version is greater than kubeadm version. Please consider to upgrade kubeadm. Kubernetes version: ${wanted#v}. Kubeadm version: 1.$(minor "$mine").x" >&2
    fi
    [ ! -f "$R/etc/kubernetes/admin.conf" ] || { echo "[preflight] FileAvailable--etc-kubernetes-admin.conf exists" >&2; exit 1; }
    mkdir -p "$R/etc/kubernetes/manifests" "$C/nodes" "$C/taints"
    endpoint=$(sed -n 's/^controlPlaneEndpoint: *//p' "$config")
    cat > "$R/etc/kubernetes/admin.conf" << EOF
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: RkFLRS1DQQ==
    server: https://$endpoint
  name: home-k8s
contexts:
- context:
    cluster: home-k8s
    user: kubernetes-admin
  name: kubernetes-admin@home-k8s
current-context: kubernetes-admin@home-k8s
users:
- name: kubernetes-admin
  user:
    client-certificate-data: RkFLRS1DRVJU
    client-key-data: RkFLRS1LRVk=
EOF
    # The static pods at kubernetesVersion (cmd/kubeadm/app/phases/controlplane/manifests.go), the certificates (one
    # year) and the cluster version: fake-kubeadm-day2.
    fake-kubeadm-day2 init-state "$wanted"
    touch "$R/etc/kubernetes/kubelet.conf" "$C/nodes/$FAKE_NODE"
    # nodeRegistration.taints: [] registers the control plane untainted; absent (nil) means kubeadm's default taint.
    awk '/^nodeRegistration:/ { n = 1; next } /^[^ ]/ { n = 0 } n && /^  taints: \[\]/ { found = 1 } END { exit !found }' "$config" || touch "$C/taints/$FAKE_NODE"
    # "[kubelet-start] Starting the kubelet": kubeadm's OpenRC init system runs `rc-service kubelet start`
    # (cmd/kubeadm/app/util/initsystem/initsystem_unix.go OpenRCInitSystem).
    rc-service kubelet start > /dev/null
    echo "$endpoint" > "$C/endpoint"
    touch "$C/initialized"
    change init ;;
token)
    [ -f "$C/initialized" ] || exit 1
    token="$(tr -dc 'a-z0-9' < /dev/urandom | head -c 6).$(tr -dc 'a-z0-9' < /dev/urandom | head -c 16)"
    echo "$token" >> "$C/tokens"
    echo "kubeadm join $(cat "$C/endpoint") --token $token --discovery-token-ca-cert-hash sha256:$(printf '%064d' 7)"
    change token create ;;
join)
    endpoint=$2; token=$4; hash=$6; name=$8
    [ "$endpoint" = "$(cat "$C/endpoint")" ] || { echo "fake kubeadm: wrong endpoint $endpoint" >&2; exit 1; }
    grep -qx "$token" "$C/tokens" || { echo "fake kubeadm: unknown token" >&2; exit 1; }
    case "$hash" in sha256:*) ;; *) echo "fake kubeadm: bad hash" >&2; exit 1 ;; esac
    [ ! -f "$R/etc/kubernetes/kubelet.conf" ] || { echo "[preflight] kubelet.conf exists" >&2; exit 1; }
    mkdir -p "$R/etc/kubernetes" "$C/registering"
    # Like the real join (kubernetes/kubernetes#129279, KEP-4656): it returns after the TLS bootstrap wrote
    # kubelet.conf; the Node object appears later, when the kubelet registers (here: on the second look).
    touch "$R/etc/kubernetes/kubelet.conf"
    rc-service kubelet start > /dev/null
    [ -f "$R/fake/kubelet-never-registers" ] || echo 0 > "$C/registering/$name"
    change join "$name" ;;
upgrade | certs) exec fake-kubeadm-day2 "$@" ;;
*) echo "fake kubeadm: unsupported $*" >&2; exit 99 ;;
esac
