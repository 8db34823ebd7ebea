#!/bin/sh
# FAKE kubectl for the day-2 commands (called by the kubectl fake): Nodes and their pods as JSON, drain, uncordon,
# `version --client`, and Flux's objects. The fixture lays node roots side by side, so the fake API server reads a
# node's state the way its kubelet would report it: kubeletVersion = the kubelet it last (re)started (fake/kubelet-running,
# else the installed one), osImage = its /etc/os-release, kernelVersion = its running kernel; NotReady while
# fake/kubelet-notready exists, and on the first look after a kubelet restart.
# Pods: $FAKE_CLUSTER/pods/<node>/<namespace>_<name>, words "owner=Deployment|DaemonSet|none", "pdb" (a
# PodDisruptionBudget allows no eviction), "emptydir".
# drain follows kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/drain (filters.go: DaemonSet pods need
# --ignore-daemonsets, pods without a controller --force, emptyDir pods --delete-emptydir-data; drain.go evictPods: an
# eviction refused with 429 "Cannot evict pod as it would violate the pod's disruption budget." is retried every 5 s
# until --timeout, then "global timeout reached") and pkg/cmd/drain/drain.go (cordon first, "node/<n> drained",
# "error: unable to drain node …", exit 1; the node stays cordoned). Evicted pods of a controller come back on another
# schedulable node, as their controller recreates them.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"
# Called by the kubectl fake: changes are logged under its name.
me=kubectl

C="$FAKE_CLUSTER"
mkdir -p "$C/cordoned" "$C/pods"
node_root() { echo "$(dirname "$(dirname "$R")")/$1/root"; }
joined() { [ -f "$C/nodes/$1" ]; }
node_json() {
    n=$1; nr=$(node_root "$n")
    kubelet=$(cat "$nr/fake/kubelet-running" 2> /dev/null || cat "$nr/fake/kubelet-version" 2> /dev/null || echo v1.36.1)
    os=$(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' "$nr/etc/os-release" 2> /dev/null || true)
    kernel=$(cat "$nr/proc/sys/kernel/osrelease" 2> /dev/null || echo 6.12.13-0-rpi)
    ready=True; reason=KubeletReady; message="kubelet is posting ready status"
    if [ -f "$nr/fake/kubelet-notready" ] || [ -f "$nr/fake/kubelet-restarting" ]; then
        if [ -f "$nr/fake/kubelet-restarting" ]; then rm "$nr/fake/kubelet-restarting"; touch "$nr/fake/kubelet-ready-pending"; fi
        ready=Unknown; reason=NodeStatusUnknown; message="Kubelet stopped posting node status."
    elif [ -f "$nr/fake/kubelet-ready-pending" ]; then
        rm "$nr/fake/kubelet-ready-pending"
        event ready "$n"
    fi
    unschedulable=""
    if [ -f "$C/cordoned/$n" ]; then unschedulable='"unschedulable": true'; fi
    printf '{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "%s"}, "spec": {%s}, "status": {"conditions": [{"type": "Ready", "status": "%s", "reason": "%s", "message": "%s"}], "nodeInfo": {"kubeletVersion": "%s", "osImage": "%s", "kernelVersion": "%s", "containerRuntimeVersion": "containerd://2.1.4"}}}' \
        "$n" "$unschedulable" "$ready" "$reason" "$message" "$kubelet" "${os:-Alpine Linux v3.24}" "$kernel"
}
pod_json() { # file node
    id=${1##*/}; ns=${id%%_*}; name=${id#*_}
    owner=$(tr ' ' '\n' < "$1" | sed -n 's/^owner=//p')
    refs=""
    case "$owner" in
    DaemonSet) refs="\"ownerReferences\": [{\"apiVersion\": \"apps/v1\", \"kind\": \"DaemonSet\", \"name\": \"${name%-*}\", \"controller\": true}]" ;;
    Deployment) refs="\"ownerReferences\": [{\"apiVersion\": \"apps/v1\", \"kind\": \"ReplicaSet\", \"name\": \"${name%-*}\", \"controller\": true}]" ;;
    esac
    printf '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "%s"%s}, "spec": {"nodeName": "%s"}, "status": {"phase": "Running"}}' \
        "$name" "$ns" "${refs:+, $refs}" "$2"
}
list() { printf '{"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": ['; sep=""; while read -r item; do printf '%s%s' "$sep" "$item"; sep=", "; done; printf ']}\n'; }
has() { tr ' ' '\n' < "$1" | grep -qx "$2"; }

case "$1" in
version)
    cat "$R/fake/kubectl-version" > /dev/null 2>&1 || { echo "kubectl: not found" >&2; exit 127; }
    echo "Client Version: $(cat "$R/fake/kubectl-version")"
    echo "Kustomize Version: v5.7.1" ;;
get)
    case "$2" in
    nodes)
        for f in "$C/nodes"/*; do if [ -f "$f" ]; then node_json "${f##*/}"; echo; fi; done | list ;;
    node)
        if ! joined "$3"; then
            case " $* " in *" --ignore-not-found "*) exit 0 ;; esac
            echo "Error from server (NotFound): nodes \"$3\" not found" >&2; exit 1
        fi
        case " $* " in
        *" jsonpath={.spec.unschedulable} "*) if [ -f "$C/cordoned/$3" ]; then printf true; fi ;;
        *) node_json "$3"; echo ;;
        esac ;;
    pods)
        node=$(echo "$*" | sed -n 's/.*spec\.nodeName=\([^ ]*\).*/\1/p')
        for f in "$C/pods/$node"/*; do if [ -f "$f" ]; then pod_json "$f" "$node"; echo; fi; done | list ;;
    crd)
        # The fake install manifest stands for Flux's whole install: its CRDs exist once it was applied.
        [ -f "$C/kube/objects/Namespace/_/flux-system" ] || { echo "Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io \"$3\" not found" >&2; exit 1; } ;;
    kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io)
        for kind in Kustomization HelmRelease; do
            for f in "$C/kube/objects/$kind"/*/*; do
                [ -f "$f" ] || continue
                name=${f##*/}; ns=$(basename "$(dirname "$f")")
                if [ -f "$C/flux-not-ready/$name" ]; then
                    condition="{\"type\": \"Ready\", \"status\": \"False\", \"reason\": \"ReconciliationFailed\", \"message\": \"$(cat "$C/flux-not-ready/$name")\"}"
                else
                    condition='{"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded", "message": "Applied revision: main@sha1:0123456"}'
                fi
                printf '{"apiVersion": "fake/v1", "kind": "%s", "metadata": {"name": "%s", "namespace": "%s"}, "status": {"conditions": [%s]}}\n' "$kind" "$name" "$ns" "$condition"
            done
        done | list ;;
    *) echo "fake kubectl: unsupported $*" >&2; exit 99 ;;
    esac ;;
uncordon)
    joined "$2" || { echo "Error from server (NotFound): nodes \"$2\" not found" >&2; exit 1; }
    if [ -f "$C/cordoned/$2" ]; then rm "$C/cordoned/$2"; echo "node/$2 uncordoned"; event uncordon "$2"; change uncordon "$2"; else echo "node/$2 already uncordoned"; fi ;;
drain)
    node=$2; shift 2
    daemonsets=no; emptydir=no; force=no; timeout=0
    for a in "$@"; do
        case "$a" in
        --ignore-daemonsets) daemonsets=yes ;;
        --delete-emptydir-data) emptydir=yes ;;
        --force) force=yes ;;
        --timeout=*) timeout=${a#--timeout=}; timeout=${timeout%s} ;;
        esac
    done
    joined "$node" || { echo "Error from server (NotFound): nodes \"$node\" not found" >&2; exit 1; }
    if [ -f "$C/cordoned/$node" ]; then echo "node/$node already cordoned"; else touch "$C/cordoned/$node"; echo "node/$node cordoned"; fi
    event drain "$node"
    change drain "$node"
    # filters.go: what drain refuses to touch without the matching flag.
    refused=""
    for f in "$C/pods/$node"/*; do
        [ -f "$f" ] || continue
        id=${f##*/}; id="${id%%_*}/${id#*_}"
        if has "$f" owner=DaemonSet && [ "$daemonsets" = no ]; then refused="$refused cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): $id"; fi
        if has "$f" owner=none && [ "$force" = no ]; then refused="$refused cannot delete Pods that declare no controller (use --force to override): $id"; fi
        if has "$f" emptydir && [ "$emptydir" = no ]; then refused="$refused cannot delete Pods with local storage (use --delete-emptydir-data to override): $id"; fi
    done
    if [ -n "$refused" ]; then
        printf 'error: unable to drain node "%s" due to error: %s, continuing command...\nThere are pending nodes to be drained:\n %s\n' "$node" "${refused# }" "$node" >&2
        exit 1
    fi
    waited=0
    for f in "$C/pods/$node"/*; do
        [ -f "$f" ] || continue
        has "$f" owner=DaemonSet && continue
        id=${f##*/}; ns=${id%%_*}; name=${id#*_}
        echo "evicting pod $ns/$name"
        while has "$f" pdb; do
            echo "error when evicting pods/\"$name\" -n \"$ns\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget." >&2
            if [ "$timeout" -gt 0 ] && [ "$waited" -ge "$timeout" ]; then
                printf 'There are pending pods in node "%s" when an error occurred: error when evicting pods/"%s" -n "%s": global timeout reached: %ss\npod/%s\nerror: unable to drain node "%s" due to error: error when evicting pods/"%s" -n "%s": global timeout reached: %ss, continuing command...\nThere are pending nodes to be drained:\n %s\n' \
                    "$node" "$name" "$ns" "$timeout" "$name" "$node" "$name" "$ns" "$timeout" "$node" >&2
                exit 1
            fi
            sleep 5
            waited=$((waited + 5))
        done
        target=""
        for other in "$C/nodes"/*; do
            o=${other##*/}
            if [ "$o" != "$node" ] && [ ! -f "$C/cordoned/$o" ]; then target=$o; break; fi
        done
        if [ -n "$target" ] && ! has "$f" owner=none; then mkdir -p "$C/pods/$target"; mv "$f" "$C/pods/$target/$id"; else rm "$f"; fi
        echo "pod/$name evicted"
    done
    echo "node/$node drained" ;;
*) echo "fake kubectl: unsupported $*" >&2; exit 99 ;;
esac
