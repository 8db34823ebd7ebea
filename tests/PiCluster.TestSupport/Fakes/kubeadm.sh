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
# `init` runs kubeadm's preflight DirAvailable check on etcd's data dir and its certs phase on real keys (fake-pki):
# cmd/kubeadm/app/preflight/checks.go InitNodeChecks adds DirAvailableCheck{etcd.local.dataDir}, named
# "DirAvailable-" + the path with "/" -> "-" and failing "<dir> is not empty"; RunChecks turns it into a warning when
# --ignore-preflight-errors names it (case-insensitive) or "all", else prints "[ERROR <name>]: ..." under "[preflight]
# Some fatal errors occurred:" and init fails (the flag may go with --config: cmd/kubeadm/app/apis/kubeadm/validation/
# validation.go isAllowedFlag). An existing CA + key, front-proxy CA, etcd CA and sa.key are used as they are
# (cmd/kubeadm/app/cmd/phases/init/certs.go runCAPhase, runCertsSa); missing ones are generated. It writes etcd.yaml
# with the member cmd/kubeadm/app/phases/etcd/local.go getEtcdCommand gives it (name = node name, peer URL
# https://<advertiseAddress>:2380, data-dir) and admin.conf with a client certificate of that CA. `join` writes the
# cluster CA (pki/ca.crt) and a kubelet client certificate signed by the control plane's CA, as the TLS bootstrap
# leaves them (kubelet.conf pointing at /var/lib/kubelet/pki/kubelet-client-current.pem).
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
    ignored=""
    for a in "$@"; do case "$a" in --ignore-preflight-errors=*) ignored="$ignored,${a#--ignore-preflight-errors=}" ;; esac; done
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
    # External CA mode (cmd/kubeadm/app/phases/certs/certs.go UsingExternalCA, called by cmd/kubeadm/app/cmd/init.go
    # newInitData before any phase): ca.crt on disk without ca.key means the operator signs everything, so apiserver.crt
    # and apiserver-kubelet-client.crt must already be there, signed by it (validateSignedCert), else init stops with
    # "invalid or incomplete external CA: failure loading certificate for API server: …". runCAPhase then prints
    # "[certs] Using existing ca keyless certificate authority" — a CA kubeadm never replaces.
    pki="$R/etc/kubernetes/pki"
    if [ -f "$pki/ca.crt" ] && [ ! -f "$pki/ca.key" ]; then
        for leaf in "apiserver:API server" "apiserver-kubelet-client:API server kubelet client"; do
            base=${leaf%%:*}
            if [ ! -f "$pki/$base.crt" ]; then
                echo "invalid or incomplete external CA: failure loading certificate for ${leaf#*:}: couldn't load the certificate file /etc/kubernetes/pki/$base.crt: open /etc/kubernetes/pki/$base.crt: no such file or directory" >&2
                exit 1
            fi
            fake-pki verify "$pki/ca.crt" "$pki/$base.crt" || { echo "invalid or incomplete external CA: ${leaf#*:} certificate is not signed by the CA" >&2; exit 1; }
        done
        echo "fake kubeadm: external CA mode past its certificate checks is not faked" >&2; exit 99
    fi
    [ ! -f "$R/etc/kubernetes/admin.conf" ] || { echo "[preflight] FileAvailable--etc-kubernetes-admin.conf exists" >&2; exit 1; }
    datadir=$(sed -n 's/^ *dataDir: *//p' "$config")
    datadir=${datadir:-/var/lib/etcd}
    check="DirAvailable-$(echo "$datadir" | tr / -)"
    if [ -d "$R$datadir" ] && [ -n "$(ls -A "$R$datadir")" ]; then
        case "$(echo "$ignored," | tr '[:upper:]' '[:lower:]')" in
        *",$(echo "$check" | tr '[:upper:]' '[:lower:]'),"* | *",all,"*) printf '\t[WARNING %s]: %s is not empty\n' "$check" "$datadir" >&2 ;;
        *)
            printf '[preflight] Some fatal errors occurred:\n\t[ERROR %s]: %s is not empty\n' "$check" "$datadir" >&2
            echo "[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\`" >&2
            echo "error execution phase preflight: preflight checks failed" >&2
            exit 1 ;;
        esac
    fi
    pki="$R/etc/kubernetes/pki"
    mkdir -p "$pki/etcd" "$R/etc/kubernetes/manifests" "$C/nodes" "$C/taints"
    fake-pki ca "$pki" ca kubernetes
    fake-pki ca "$pki" front-proxy-ca front-proxy-ca
    fake-pki ca "$pki" etcd/ca etcd-ca
    fake-pki sa "$pki"
    endpoint=$(sed -n 's/^controlPlaneEndpoint: *//p' "$config")
    address=$(sed -n 's/^ *advertiseAddress: *//p' "$config")
    fake-pki client "$pki/ca.crt" "$pki/ca.key" "$R/fake/admin.pem" kubernetes-admin kubeadm:cluster-admins
    cat > "$R/etc/kubernetes/admin.conf" << EOF
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: $(base64 -w 0 < "$pki/ca.crt")
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
    client-certificate-data: $(openssl x509 < "$R/fake/admin.pem" | base64 -w 0)
    client-key-data: $(openssl pkey < "$R/fake/admin.pem" | base64 -w 0)
EOF
    rm -f "$R/fake/admin.pem"
    # The static pods at kubernetesVersion (cmd/kubeadm/app/phases/controlplane/manifests.go), the certificates (one
    # year) and the cluster version: fake-kubeadm-day2.
    fake-kubeadm-day2 init-state "$wanted"
    touch "$R/etc/kubernetes/kubelet.conf" "$C/nodes/$FAKE_NODE"
    # nodeRegistration.taints: [] registers the control plane untainted; absent (nil) means kubeadm's default taint.
    awk '/^nodeRegistration:/ { n = 1; next } /^[^ ]/ { n = 0 } n && /^  taints: \[\]/ { found = 1 } END { exit !found }' "$config" || touch "$C/taints/$FAKE_NODE"
    # "[kubelet-start] Starting the kubelet": kubeadm's OpenRC init system runs `rc-service kubelet start`
    # (cmd/kubeadm/app/util/initsystem/initsystem_unix.go OpenRCInitSystem).
    rc-service kubelet start > /dev/null
    # etcd with the member kubeadm gives it (phases/etcd/local.go getEtcdCommand), over the bare manifest above.
    cat > "$R/etc/kubernetes/manifests/etcd.yaml" << EOF
apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: kube-system
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.6.9-0
    command:
    - etcd
    - --advertise-client-urls=https://$address:2379
    - --data-dir=$datadir
    - --initial-advertise-peer-urls=https://$address:2380
    - --initial-cluster=$FAKE_NODE=https://$address:2380
    - --listen-client-urls=https://127.0.0.1:2379,https://$address:2379
    - --listen-peer-urls=https://$address:2380
    - --name=$FAKE_NODE
  volumes:
  - hostPath:
      path: /etc/kubernetes/pki/etcd
      type: DirectoryOrCreate
    name: etcd-certs
  - hostPath:
      path: $datadir
      type: DirectoryOrCreate
    name: etcd-data
EOF
    echo "$endpoint" > "$C/endpoint"
    echo "$R" > "$C/control-plane-root"
    # The kubelet registers the Node with this card's machine ID (status.nodeInfo.machineID).
    mkdir -p "$C/machine-ids"; cat "$R/etc/machine-id" > "$C/machine-ids/$FAKE_NODE" 2> /dev/null || true
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
    mkdir -p "$C/machine-ids"; cat "$R/etc/machine-id" > "$C/machine-ids/$name" 2> /dev/null || true
    cp_pki="$(cat "$C/control-plane-root")/etc/kubernetes/pki"
    mkdir -p "$R/etc/kubernetes/pki"
    cp "$cp_pki/ca.crt" "$R/etc/kubernetes/pki/ca.crt"
    fake-pki client "$cp_pki/ca.crt" "$cp_pki/ca.key" "$R/var/lib/kubelet/pki/kubelet-client-current.pem" "system:node:$name" system:nodes
    cat > "$R/etc/kubernetes/kubelet.conf" << EOF
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: $(base64 -w 0 < "$cp_pki/ca.crt")
    server: https://$endpoint
  name: default-cluster
contexts:
- context:
    cluster: default-cluster
    namespace: default
    user: default-auth
  name: default-context
current-context: default-context
users:
- name: default-auth
  user:
    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem
    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem
EOF
    rc-service kubelet start > /dev/null
    [ -f "$R/fake/kubelet-never-registers" ] || echo 0 > "$C/registering/$name"
    change join "$name" ;;
upgrade | certs) exec fake-kubeadm-day2 "$@" ;;
# kubernetes/kubernetes cmd/kubeadm/app/cmd/phases/reset/removeetcdmember.go runs first (reset.go phase order):
# getEtcdDataDir takes the data directory from the kubeadm config fetched from the cluster, else from etcd.yaml's
# "etcd-data" hostPath volume, else — etcd.yaml absent — kubeadm's default /var/lib/etcd; the fake never reaches the
# API for the config (an API-less reset, as on a dead control plane: "[reset] No kubeadm config, using etcd pod spec to
# get data directory"). A manifest without that volume is "invalid etcd pod manifest": "No etcd config found. Assuming
# external etcd", nothing deleted. Otherwise the directory's contents go (CleanDir keeps the directory itself), on a
# worker too (there the default path, usually absent).
# Then cleanupnode.go runCleanupNode: stops the kubelet, empties /etc/kubernetes/manifests, the kubelet's run directory
# and the certificates directory, and deletes the admin, kubelet, bootstrap-kubelet, controller-manager and scheduler
# kubeconfigs; it leaves the CNI config, interfaces and iptables.
reset)
    [ "${2:-}" = -f ] || { echo "fake kubeadm: reset without -f asks for confirmation" >&2; exit 1; }
    manifest="$R/etc/kubernetes/manifests/etcd.yaml"
    datadir=/var/lib/etcd
    if [ -f "$manifest" ]; then
        echo "[reset] No kubeadm config, using etcd pod spec to get data directory" >&2
        datadir=$(awk '/^  - hostPath:/ { h = 1; p = ""; next } h && /^      path:/ { p = $2 } h && /^    name: etcd-data$/ { print p; exit }' "$manifest")
    fi
    if [ -z "$datadir" ]; then
        echo "[reset] No etcd config found. Assuming external etcd"
        echo "[reset] Please, manually reset etcd to prevent further issues"
    elif [ -d "$R$datadir" ] && [ -n "$(ls -A "$R$datadir")" ]; then
        find "$R$datadir" -mindepth 1 -delete
        echo "[reset] Deleted contents of the etcd data directory: $datadir"
    fi
    rm -f "$R/run/openrc/started/kubelet" "$R/fake/kubelet-running"
    for d in etc/kubernetes/manifests var/lib/kubelet etc/kubernetes/pki; do
        if [ -d "$R/$d" ]; then find "$R/$d" -mindepth 1 -delete; fi
    done
    for f in admin.conf super-admin.conf kubelet.conf bootstrap-kubelet.conf controller-manager.conf scheduler.conf; do rm -f "$R/etc/kubernetes/$f"; done
    echo "[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]"
    change reset ;;
*) echo "fake kubeadm: unsupported $*" >&2; exit 99 ;;
esac
