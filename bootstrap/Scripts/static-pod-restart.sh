#!/bin/sh
# static-pod-restart: restarts one control-plane static pod so it reads renewed certificates, the way the kubeadm docs
# ("Certificate Management with kubeadm", manual certificate renewal) describe it: the kubelet stops a static pod whose
# manifest leaves /etc/kubernetes/manifests and starts it again when the manifest is back (it looks every
# fileCheckFrequency, 20 s). The pod is watched through the container runtime (crictl, cri-tools: kubeadm depends on
# it), since the API server itself may be the pod that is down.
# A manifest found in HOLD_DIR (a run stopped between the two moves) is put back first.
# Parameters: MODE (check: exit 0 when a ready pod of COMPONENT was created after RENEWED_FILE changed / 1 otherwise;
# apply: move out, wait until gone, move back, wait until back), COMPONENT (e.g. kube-apiserver), NODE_NAME,
# RENEWED_FILE (the certificate or kubeconfig that component reads), WAIT_SECONDS (per wait), POLL_SECONDS.
set -eu
ROOT="${NODE_ROOT:-}"
manifests="$ROOT/etc/kubernetes/manifests"
hold="$ROOT/etc/kubernetes/manifests-picluster-restart"
pod="$COMPONENT-$NODE_NAME"
# Creation time (seconds) of the ready sandbox of the pod, empty when none runs. crictl prints protobuf JSON, where
# int64 createdAt (nanoseconds) is a quoted string.
created() {
    ns=$(crictl pods --name "^$pod\$" --state ready -o json | sed -n 's/.*"createdAt": *"\([0-9]*\)".*/\1/p' | sort -n | tail -n 1)
    if [ -n "$ns" ]; then echo "${ns%?????????}"; fi
}
restarted() {
    when=$(created)
    [ -n "$when" ] && [ "$when" -ge "$(stat -c %Y "$ROOT$RENEWED_FILE")" ]
}
wait_for() {
    waited=0
    until "$@"; do
        if [ "$waited" -ge "$WAIT_SECONDS" ]; then return 1; fi
        sleep "$POLL_SECONDS"
        waited=$((waited + POLL_SECONDS))
    done
}
gone() { [ -z "$(created)" ]; }
case "$MODE" in
check)
    restarted || exit 1
    ;;
apply)
    mkdir -p "$hold"
    if [ -f "$manifests/$COMPONENT.yaml" ]; then
        mv "$manifests/$COMPONENT.yaml" "$hold/$COMPONENT.yaml"
        if ! wait_for gone; then
            mv "$hold/$COMPONENT.yaml" "$manifests/$COMPONENT.yaml"
            echo "$pod still runs ${WAIT_SECONDS}s after its manifest left $manifests; the manifest is back. Look at the kubelet log." >&2
            exit 1
        fi
    fi
    if [ -f "$hold/$COMPONENT.yaml" ]; then mv "$hold/$COMPONENT.yaml" "$manifests/$COMPONENT.yaml"; fi
    if ! wait_for restarted; then
        echo "$pod did not come back within ${WAIT_SECONDS}s after its manifest returned; look at crictl ps -a --name $COMPONENT and the kubelet log." >&2
        exit 1
    fi
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
