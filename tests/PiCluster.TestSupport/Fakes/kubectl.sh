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
# status.nodeInfo.machineID: the /etc/machine-id the kubelet registered the Node with (kubeadm join/init record it);
# nothing for a Node that does not exist with --ignore-not-found.
case "$* " in
"get node "*" --ignore-not-found -o jsonpath={.status.nodeInfo.machineID} ")
    if [ -f "$C/nodes/$3" ]; then cat "$C/machine-ids/$3" 2> /dev/null || true; fi
    exit 0 ;;
esac
# Nodes and pods as JSON, drain/uncordon, Flux's objects: the day-2 fake.
case "$* " in
"get node "*" -o json "|"get nodes -o json "|"get node "*"jsonpath={.spec.unschedulable} "|"get pods --all-namespaces "*|"get crd kustomizations.kustomize.toolkit.fluxcd.io "|"get kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io "*|"drain "*|"uncordon "*)
    exec fake-kubectl-day2 "$@" ;;
esac
case "$1 $2" in
# kubernetes/kubectl pkg/cmd/delete: the Node object goes (the kubelet, if it still ran, would not re-register until it
# restarts); prints `node "<n>" deleted`, or nothing with --ignore-not-found when there is none.
"delete node")
    if [ -f "$C/nodes/$3" ]; then
        rm -f "$C/nodes/$3" "$C/cordoned/$3" "$C/taints/$3" "$C/registering/$3" "$C/polls/$3" "$C/machine-ids/$3"
        echo "node \"$3\" deleted"; change delete node "$3"
    elif [ "${4:-}" != --ignore-not-found ]; then
        echo "Error from server (NotFound): nodes \"$3\" not found" >&2; exit 1
    fi ;;
# kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go: Complete turns --grace-period=0 without
# --force into --grace-period=1 ("to preserve backwards compatibility, but prevent accidental data loss"), and --force
# without a grace period into 0; Validate refuses --force with a grace period above 0 ("--force and --grace-period
# greater than 0 cannot be specified together"). Grace 0 (forced): the object goes at once, with the "Immediate deletion
# does not wait …" warning and `pod "<n>" force deleted`. Otherwise a graceful delete: `pod "<n>" deleted`, the Pod
# only marked (deletionTimestamp) until its kubelet confirms — a Node that is not registered (dead or deleted) never
# does, so the Pod stays Terminating ("terminating" word in its file) and kubectl's --wait (default true; --timeout 0 =
# a week, DeleteResult) ends in "error: timed out waiting for the condition on pods/<n>" — reported at once here
# instead of after the wait. Pods are $FAKE_CLUSTER/pods/<node>/<namespace>_<name> (fake-kubectl-day2).
"delete pod")
    shift 2
    ns=default; name=""; force=no; grace=-1; ignore=no; wait=yes
    while [ $# -gt 0 ]; do
        case "$1" in
        --namespace | -n) ns=$2; shift ;;
        --force | --force=true) force=yes ;;
        --grace-period=*) grace=${1#--grace-period=} ;;
        --ignore-not-found) ignore=yes ;;
        --wait=false) wait=no ;;
        --wait | --wait=true | --timeout=*) ;;
        -*) echo "fake kubectl: unsupported flag $1" >&2; exit 99 ;;
        *) name=$1 ;;
        esac
        shift
    done
    if [ "$grace" -eq 0 ] && [ "$force" = no ]; then grace=1; fi
    if [ "$force" = yes ] && [ "$grace" -lt 0 ]; then grace=0; fi
    if [ "$force" = yes ] && [ "$grace" -gt 0 ]; then echo "error: --force and --grace-period greater than 0 cannot be specified together" >&2; exit 1; fi
    found=""
    for f in "$C"/pods/*/"${ns}_$name"; do if [ -f "$f" ]; then found=$f; fi; done
    if [ -z "$found" ]; then
        [ "$ignore" = yes ] && exit 0
        echo "Error from server (NotFound): pods \"$name\" not found" >&2; exit 1
    fi
    if [ "$grace" -eq 0 ]; then
        echo "warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely." >&2
        rm -f "$found"
        echo "pod \"$name\" force deleted"; change delete pod "$ns/$name"
        exit 0
    fi
    node=$(basename "$(dirname "$found")")
    echo "pod \"$name\" deleted"
    if [ -f "$C/nodes/$node" ]; then rm -f "$found"; change delete pod "$ns/$name"; exit 0; fi
    grep -qw terminating "$found" || { echo " terminating" >> "$found"; change mark pod "$ns/$name" terminating; }
    if [ "$wait" = yes ]; then echo "error: timed out waiting for the condition on pods/$name" >&2; exit 1; fi ;;
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
