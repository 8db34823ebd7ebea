#!/bin/sh
# etcd-restore: one step of the single-control-plane restore of the etcd recovery guide (etcd-io/etcd, "Restoring a
# cluster"; kubeadm's static pods): verify the snapshot, stop the static pods by moving their manifests aside, move the
# data directory aside, restore into a fresh one with the running member's name and peer URLs, bring etcd and the API
# server back, then the controller-manager, the scheduler and the kubelet; on each worker, restart the kubelet once.
# Parameters: MODE (check: exit 0 done, 1 needed, 2 cannot go on; apply: do the step), STEP, and what that step uses:
#   TOOL           etcdutl (etcd 3.5+) or etcdctl (3.4) on the node
#   BUMP_REVISION  revisions added on restore (--bump-revision with --mark-compacted, etcd 3.6 guidance); empty: none
#   SNAPSHOT       the uploaded snapshot
#   MANIFESTS_DIR  kubeadm's static pod manifests; ASIDE where they wait during the restore
#   DATA_DIR       the member's data directory; OLD_DATA where the old one is kept
#   MEMBER_NAME, INITIAL_CLUSTER, PEER_URLS   the running member's names, read from etcd.yaml
#   ADMIN_CONF     kubeadm's admin kubeconfig; WAIT_SECONDS how long a wait step waits
#   MARKER         restart-kubelet: the file recording this restore's restart on a worker
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"

kubectl() { command kubectl --kubeconfig "$ROOT$ADMIN_CONF" "$@"; }
api_ready() { kubectl get --raw=/readyz > /dev/null 2>&1; }
control_plane_stopped() { ! pidof etcd kube-apiserver > /dev/null; }
# move FROM TO FILE…: each file that is in FROM goes to TO (a rerun after a partial move is fine).
move() {
    from=$1; to=$2; shift 2
    for f in "$@"; do
        if [ -e "$ROOT$from/$f" ]; then mv "$ROOT$from/$f" "$ROOT$to/"; fi
    done
}
all_absent() { dir=$1; shift; for f in "$@"; do [ ! -e "$ROOT$dir/$f" ] || return 1; done; }
all_present() { dir=$1; shift; for f in "$@"; do [ -e "$ROOT$dir/$f" ] || return 1; done; }
# wait_for CONDITION MESSAGE: polls once a second for WAIT_SECONDS; exits 1 with MESSAGE when it never holds.
wait_for() {
    n=0
    until "$1"; do
        n=$((n + 1))
        if [ "$n" -ge "$WAIT_SECONDS" ]; then echo "$2" >&2; exit 1; fi
        sleep 1
    done
}
tool_missing() {
    echo "$TOOL is not installed on this node: install it (etcd release tarball for linux-arm64, same minor as the running etcd) or pass --restore-tool" >&2
}

case "$STEP:$MODE" in
    # Before anything stops: kubeadm's nodes have no etcdutl unless the operator installed it.
    restore-tool:check) command -v "$TOOL" > /dev/null || { tool_missing; exit 2; } ;;
    restore-tool:apply) command -v "$TOOL" > /dev/null || { tool_missing; exit 1; } ;;
    # A snapshot that does not verify stops the restore before the control plane is touched.
    verify-snapshot:*) "$TOOL" snapshot status "$ROOT$SNAPSHOT" --write-out=table >&2 || exit 2 ;;
    stop-control-plane:check) all_absent "$MANIFESTS_DIR" etcd.yaml kube-apiserver.yaml kube-controller-manager.yaml kube-scheduler.yaml || exit 1 ;;
    stop-control-plane:apply)
        mkdir -p "$ROOT$ASIDE"
        move "$MANIFESTS_DIR" "$ASIDE" etcd.yaml kube-apiserver.yaml kube-controller-manager.yaml kube-scheduler.yaml
        ;;
    wait-stopped:check) control_plane_stopped || exit 1 ;;
    wait-stopped:apply) wait_for control_plane_stopped "etcd or kube-apiserver still runs $WAIT_SECONDS s after its manifest was moved out" ;;
    move-data-aside:check) [ ! -e "$ROOT$DATA_DIR" ] || exit 1 ;;
    move-data-aside:apply) if [ -e "$ROOT$DATA_DIR" ]; then mv "$ROOT$DATA_DIR" "$ROOT$OLD_DATA"; fi ;;
    restore:check) [ -d "$ROOT$DATA_DIR/member" ] || exit 1 ;;
    restore:apply)
        if [ -n "$BUMP_REVISION" ]; then set -- "--bump-revision=$BUMP_REVISION" --mark-compacted; else set --; fi
        "$TOOL" snapshot restore "$ROOT$SNAPSHOT" --data-dir="$ROOT$DATA_DIR" --name="$MEMBER_NAME" \
            --initial-cluster="$INITIAL_CLUSTER" --initial-advertise-peer-urls="$PEER_URLS" "$@"
        ;;
    start-etcd-apiserver:check) all_present "$MANIFESTS_DIR" etcd.yaml kube-apiserver.yaml || exit 1 ;;
    start-etcd-apiserver:apply) move "$ASIDE" "$MANIFESTS_DIR" etcd.yaml kube-apiserver.yaml ;;
    wait-api:check) api_ready || exit 1 ;;
    wait-api:apply) wait_for api_ready "the API server did not become ready within $WAIT_SECONDS s" ;;
    restart-control-plane:check)
        if [ -e "$ROOT$ASIDE" ]; then exit 1; fi
        all_present "$MANIFESTS_DIR" kube-controller-manager.yaml kube-scheduler.yaml || exit 1
        ;;
    restart-control-plane:apply)
        move "$ASIDE" "$MANIFESTS_DIR" kube-controller-manager.yaml kube-scheduler.yaml
        rmdir "$ROOT$ASIDE"
        rc-service kubelet restart
        ;;
    check-api:*) if ! { kubectl get --raw=/readyz && kubectl get nodes; } >&2; then exit 2; fi ;;
    # The marker makes the restart a checkable effect of this restore: a rerun of the same plan does not restart twice.
    restart-kubelet:check) [ -e "$ROOT$MARKER" ] || exit 1 ;;
    restart-kubelet:apply)
        rc-service kubelet restart
        mkdir -p "$(dirname "$ROOT$MARKER")"
        touch "$ROOT$MARKER"
        ;;
    *) echo "etcd-restore: unknown STEP '$STEP'" >&2; exit 2 ;;
esac
