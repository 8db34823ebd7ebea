#!/bin/sh
# etcd-snapshot-restore: restores the staged backup's etcd snapshot into a fresh data directory for the member kubeadm
# init will start, as the etcd disaster-recovery guide does (etcd-io/website content/en/docs/v3.6/op-guide/recovery.md:
# `etcdutl snapshot restore` with the member's --name, --initial-cluster and --initial-advertise-peer-urls; the restore
# writes a new member and cluster ID, so the values must be the ones etcd.yaml will carry — kubeadm's
# cmd/kubeadm/app/phases/etcd/local.go getEtcdCommand: name = node name, peer URL https://<advertiseAddress>:2380,
# data-dir = etcd.local.dataDir). With etcdutl the revision is bumped and the old revisions marked compacted, so
# watches and informers never see revisions go back. The restore writes into a sibling folder that is renamed into place:
# an interrupted restore leaves no half data directory for kubeadm to start on. Which backup it came from is kept in
# STAGE_DIR.restored (written just before the rename; not inside DATA_DIR, where etcd warns about any file but member/),
# so a rerun with another backup is refused instead of silently keeping the data of the first.
# MODE=check: exit 0 when DATA_DIR holds the member restored from the staged backup, 1 when DATA_DIR is absent or
#   empty, 2 when it holds anything else (another backup's data, the card's own etcd, a stray file) with what to do.
# MODE=apply: checks TOOL, verifies the snapshot (TOOL snapshot status), restores.
# Parameters: MODE, TOOL, BUMP (yes: --bump-revision/--mark-compacted), BUMP_BY, STAGE_DIR, DATA_DIR, NAME,
# INITIAL_CLUSTER, PEER_URLS.
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
data="$ROOT$DATA_DIR"
stage="$ROOT$STAGE_DIR"
restored="$stage.restored"

case "$MODE" in
check)
    if [ -d "$data/member" ]; then
        staged=$(cat "$stage/stamp" 2> /dev/null || true)
        from=$(cat "$restored" 2> /dev/null || true)
        [ -n "$staged" ] && [ "$from" = "$staged" ] && exit 0
        if [ -n "$from" ]; then
            echo "$DATA_DIR holds the data restored from backup $from, not backup $staged staged now, and etcd has run on it since. To rebuild from $staged: \`bootstrap reset --node $NAME\` (it empties $DATA_DIR), then rerun rebuild-control-plane --backup $staged; to keep the data, rerun with --backup $from." >&2
        else
            echo "$DATA_DIR holds etcd data this rebuild did not restore (the control plane's own), not backup ${staged:-?}: a running control plane needs no rebuild — \`bootstrap restore-etcd\` rolls its data back to a snapshot. To rebuild it from the backup anyway: \`bootstrap reset --node $NAME\` (it empties $DATA_DIR), then rerun." >&2
        fi
        exit 2
    fi
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
stamp=$(cat "$stage/stamp")
snapshot="$stage/etcd-$stamp.db"
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
echo "$stamp" > "$restored.tmp"
mv -f "$restored.tmp" "$restored"
if [ -d "$data" ]; then rmdir "$data"; fi
mv "$data.restoring" "$data"
chmod 0700 "$data"
