#!/bin/sh
# FAKE kubectl with admin.conf: node queries and taints here; manifests, diffs and object queries through the object
# store (fake-kubectl-objects, which follows kubernetes/kubectl pkg/cmd/diff/diff.go's exit codes and reproduces Flux
# taking objects over); `get node` answers NotFound with kubectl's wording.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

C="$FAKE_CLUSTER"
# `kubectl version --client` needs no kubeconfig.
if [ "$1" = version ]; then exec fake-kubectl-day2 "$@"; fi
{ [ "$1" = --kubeconfig ] && [ -f "$2" ]; } || { echo "fake kubectl: no kubeconfig" >&2; exit 1; }
shift 2
# Nodes and pods as JSON, drain/uncordon, Flux's objects: the day-2 fake.
case "$* " in
"get node "*" -o json "|"get nodes -o json "|"get node "*"jsonpath={.spec.unschedulable} "|"get pods --all-namespaces "*|"get crd kustomizations.kustomize.toolkit.fluxcd.io "|"get kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io "*|"drain "*|"uncordon "*)
    exec fake-kubectl-day2 "$@" ;;
esac
case "$1 $2" in
# /readyz: ok once initialised, unless the test broke the API server (fake/apiserver-down on the control plane).
"get --raw") [ -f "$C/initialized" ] && [ ! -f "$R/fake/apiserver-down" ] && echo ok ;;
"get nodes")
    mkdir -p "$C/polls"
    for f in "$C/nodes"/*; do
        # A node turns Ready on the second look after flannel is applied, so waiting is exercised.
        status=NotReady
        if [ -f "$C/applied/flannel.yaml" ]; then
            polls=$(( $(cat "$C/polls/$(basename "$f")" 2> /dev/null || echo 0) + 1 ))
            echo "$polls" > "$C/polls/$(basename "$f")"
            [ "$polls" -lt 2 ] || status=Ready
        fi
        # The API server authenticates a kubelet by its client certificate against --client-ca-file, which kubeadm
        # sets to pki/ca.crt (cmd/kubeadm/app/phases/controlplane/manifests.go getAPIServerCommand): a kubelet whose
        # certificate another CA signed never posts its status, so its Node stays NotReady.
        pem="$(dirname "$(dirname "$R")")/$(basename "$f")/root/var/lib/kubelet/pki/kubelet-client-current.pem"
        if [ -f "$pem" ] && ! fake-pki verify "$(cat "$C/control-plane-root")/etc/kubernetes/pki/ca.crt" "$pem"; then status=NotReady; fi
        echo "$(basename "$f")   $status   <none>   1m   v1.36.1"
    done ;;
"get node")
    if [ -f "$R/fake/get-node-fails" ]; then echo "Unable to connect to the server: net/http: TLS handshake timeout" >&2; exit 1; fi
    if [ -f "$C/registering/$3" ]; then
        looks=$(( $(cat "$C/registering/$3") + 1 ))
        if [ "$looks" -ge 2 ]; then rm "$C/registering/$3"; touch "$C/nodes/$3"; else echo "$looks" > "$C/registering/$3"; fi
    fi
    if [ "${4:-}" = --ignore-not-found ]; then
        if [ -f "$C/nodes/$3" ]; then echo "node/$3"; fi
        exit 0
    fi
    [ -f "$C/nodes/$3" ] || { echo "Error from server (NotFound): nodes \"$3\" not found" >&2; exit 1; }
    if [ "${4:-}" = -o ] && [ -f "$C/taints/$3" ]; then printf 'node-role.kubernetes.io/control-plane'; fi ;;
"taint nodes") rm -f "$C/taints/$3"; change taint "$3" "$4" ;;
# A manifest file applied or created: the flannel DaemonSet's pods start (nodes turn Ready), objects go to the store.
"apply -f"|"create -f")
    [ "$3" != - ] || exec fake-kubectl-objects "$@"
    mkdir -p "$C/applied"; cp "$3" "$C/applied/$(basename "$3")"
    code=0
    fake-kubectl-objects "$@" > /dev/null || code=$?
    change "$1" "$3"
    exit "$code" ;;
# Everything else (diffs, object queries, manifests on stdin, waits, drain): the object store, same exit codes as kubectl.
*) exec fake-kubectl-objects "$@" ;;
esac
