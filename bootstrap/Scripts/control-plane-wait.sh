#!/bin/sh
# control-plane-wait: during an etcd restore, waits up to WAIT_SECONDS for the control plane to reach a state.
# Parameters: UNTIL (stopped: no etcd or kube-apiserver process is left; ready: the API server answers /readyz),
# WAIT_SECONDS, ADMIN_CONF (for ready).
set -eu
ROOT="${NODE_ROOT:-}"
reached() {
    case "$UNTIL" in
        stopped) ! pidof etcd kube-apiserver > /dev/null ;;
        ready) kubectl --kubeconfig "$ROOT$ADMIN_CONF" get --raw=/readyz > /dev/null 2>&1 ;;
        *) echo "control-plane-wait: unknown UNTIL '$UNTIL'" >&2; exit 2 ;;
    esac
}
n=0
until reached; do
    n=$((n + 1))
    if [ "$n" -ge "$WAIT_SECONDS" ]; then
        if [ "$UNTIL" = stopped ]; then
            echo "etcd or kube-apiserver still runs $WAIT_SECONDS s after its manifest was moved out" >&2
        else
            echo "the API server did not become ready within $WAIT_SECONDS s" >&2
        fi
        exit 1
    fi
    sleep 1
done
