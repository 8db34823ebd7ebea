#!/bin/sh
# static-pod-restart: restarts one control-plane static pod so it reads renewed certificates, the way the kubeadm docs
# ("Certificate Management with kubeadm", manual certificate renewal) describe it: the kubelet stops a static pod whose
# manifest leaves /etc/kubernetes/manifests and starts it again when the manifest is back (it looks every
# fileCheckFrequency, 20 s). The pod is watched through the container runtime (crictl, cri-tools: kubeadm depends on
# it), since the API server itself may be the pod that is down.
# A manifest found in HOLD_DIR (a run stopped between the two moves) is put back first.
# A pod counts as restarted when the sandbox that is ready is another one (its id, cri-tools cmd/crictl/sandbox.go
# prints "id" per item) than the one that ran before the manifest left; the apply records that sandbox with RENEWED_FILE's
# mtime. The check wants that record to name the ready sandbox and the file's current mtime, or else a ready sandbox
# created in a later second than the file's last change (mtime has whole seconds here: a pod of the same second may
# predate the renewal, so it does not count).
# Parameters: MODE (check: exit 0 when a ready pod of COMPONENT was created after RENEWED_FILE changed / 1 otherwise;
# apply: move out, wait until gone, move back, wait until another sandbox is ready), COMPONENT (e.g. kube-apiserver), NODE_NAME,
# RENEWED_FILE (the certificate or kubeconfig that component reads), WAIT_SECONDS (per wait), POLL_SECONDS.
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
manifests="$ROOT/etc/kubernetes/manifests"
hold="$ROOT/etc/kubernetes/manifests-picluster-restart"
pod="$COMPONENT-$NODE_NAME"
# "<createdAt seconds> <id>" of the newest ready sandbox of the pod, empty when none runs. crictl prints protobuf JSON,
# where int64 createdAt (nanoseconds) is a quoted string.
ready_sandbox() {
    crictl pods --name "^$pod\$" --state ready -o json | awk '
        /"id":/ { id = $2; gsub(/[",]/, "", id) }
        /"createdAt":/ { ns = $2; gsub(/[",]/, "", ns); print substr(ns, 1, length(ns) - 9), id }' | sort -n | tail -n 1
}
created() { ready_sandbox | cut -d' ' -f1; }
restarted() {
    sandbox=$(ready_sandbox)
    [ -n "$sandbox" ] || return 1
    [ "$(cat "$hold/$COMPONENT.restarted" 2> /dev/null || true)" != "$(stat -c %Y "$ROOT$RENEWED_FILE") ${sandbox#* }" ] || return 0
    [ "${sandbox%% *}" -gt "$(stat -c %Y "$ROOT$RENEWED_FILE")" ]
}
# apply: a ready sandbox other than the one recorded before the manifest left.
replaced() {
    now=$(ready_sandbox | cut -d' ' -f2)
    [ -n "$now" ] && [ "$now" != "$(cat "$hold/$COMPONENT.sandbox" 2> /dev/null || true)" ]
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
        ready_sandbox | cut -d' ' -f2 > "$hold/$COMPONENT.sandbox"
        mv "$manifests/$COMPONENT.yaml" "$hold/$COMPONENT.yaml"
        if ! wait_for gone; then
            mv "$hold/$COMPONENT.yaml" "$manifests/$COMPONENT.yaml"
            echo "$pod still runs ${WAIT_SECONDS}s after its manifest left $manifests; the manifest is back. Look at the kubelet log." >&2
            exit 1
        fi
    fi
    if [ -f "$hold/$COMPONENT.yaml" ]; then mv "$hold/$COMPONENT.yaml" "$manifests/$COMPONENT.yaml"; fi
    if ! wait_for replaced; then
        echo "$pod did not come back within ${WAIT_SECONDS}s after its manifest returned; look at crictl ps -a --name $COMPONENT and the kubelet log." >&2
        exit 1
    fi
    echo "$(stat -c %Y "$ROOT$RENEWED_FILE") $(ready_sandbox | cut -d' ' -f2)" > "$hold/$COMPONENT.restarted"
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
