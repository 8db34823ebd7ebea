#!/bin/sh
# etcd-snapshot-restore: restores the staged backup's etcd snapshot into a fresh data directory for the member kubeadm
# init will start, as the etcd disaster-recovery guide does (etcd-io/website content/en/docs/v3.6/op-guide/recovery.md:
# `etcdutl snapshot restore` with the member's --name, --initial-cluster and --initial-advertise-peer-urls; the restore
# writes a new member and cluster ID, so the values must be the ones etcd.yaml will carry — kubeadm's
# cmd/kubeadm/app/phases/etcd/local.go getEtcdCommand: name = node name, peer URL https://<advertiseAddress>:2380,
# data-dir = etcd.local.dataDir). With etcdutl the revision is bumped and the old revisions marked compacted, so
# watches and informers never see revisions go back. The restore writes into a sibling folder that is renamed into place:
# an interrupted restore leaves no half data directory for kubeadm to start on.
# MODE=check: exit 0 when DATA_DIR holds a member, 1 when DATA_DIR is absent or empty, 2 when it holds something else.
# MODE=apply: checks TOOL, verifies the snapshot (TOOL snapshot status), restores.
# Parameters: MODE, TOOL, BUMP (yes: --bump-revision/--mark-compacted), BUMP_BY, STAGE_DIR, DATA_DIR, NAME,
# INITIAL_CLUSTER, PEER_URLS.
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
data="$ROOT$DATA_DIR"
stage="$ROOT$STAGE_DIR"

case "$MODE" in
check)
    [ -d "$data/member" ] && exit 0
    if [ -d "$data" ] && [ -n "$(ls -A "$data")" ]; then
        echo "$DATA_DIR holds something but no etcd member; move it aside, then rerun" >&2
        exit 2
    fi
    exit 1
    ;;
apply) ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac

command -v "$TOOL" > /dev/null || {
    echo "$TOOL is not installed on this node (the restore-tool step installs etcdutl from kubeadm's etcd image), or pass --restore-tool" >&2
    exit 2
}
[ -f "$stage/stamp" ] || { echo "no backup staged in $STAGE_DIR (the backup step comes first)" >&2; exit 2; }
snapshot="$stage/etcd-$(cat "$stage/stamp").db"
"$TOOL" snapshot status "$snapshot" --write-out=table
rm -rf "$data.restoring"
mkdir -p "$(dirname "$data")"
if [ "$BUMP" = yes ]; then
    "$TOOL" snapshot restore "$snapshot" --data-dir="$data.restoring" --name="$NAME" --initial-cluster="$INITIAL_CLUSTER" \
        --initial-advertise-peer-urls="$PEER_URLS" --bump-revision="$BUMP_BY" --mark-compacted
else
    "$TOOL" snapshot restore "$snapshot" --data-dir="$data.restoring" --name="$NAME" --initial-cluster="$INITIAL_CLUSTER" \
        --initial-advertise-peer-urls="$PEER_URLS"
fi
# An empty data directory (never started etcd) may exist; anything else was refused by the check.
if [ -d "$data" ]; then rmdir "$data"; fi
mv "$data.restoring" "$data"
chmod 0700 "$data"
