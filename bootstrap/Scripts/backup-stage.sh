#!/bin/sh
# backup-stage: puts one nightly etcd backup (snapshot + PKI archive, see backup-read.sh) into STAGE_DIR on this node,
# where the control-plane rebuild reads it. The copy is verified against the backup's sha256 files and becomes
# complete at once: the file "stamp" naming it is written last, so a half copy never counts.
# MODE=check: exit 0 when STAGE_DIR holds STAMP intact (STAMP empty: whichever backup is staged), 1 when not.
# MODE=apply, FROM=nfs: mounts the export read-only, copies STAMP (empty: the newest complete backup), verifies it.
# MODE=apply, FROM=upload: empties STAGE_DIR (root-only, 0700: the CA key and every Secret go there) for a
#   `backup pull` copy the workstation uploads next (stamp last).
# Runs on the control plane. Parameters: MODE, STAMP, STAGE_DIR; apply: FROM (nfs | upload); FROM=nfs: SERVER,
# EXPORT_NAME, EXPORT_PATH, SUB_PATH, OPTIONS (mount -o).
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
stage="$ROOT$STAGE_DIR"

intact() {
    [ -f "$1/stamp" ] || return 1
    s=$(cat "$1/stamp")
    [ -z "$STAMP" ] || [ "$s" = "$STAMP" ] || return 1
    (cd "$1" && sha256sum -c "etcd-$s.db.sha256" "etcd-$s.pki.tar.gz.sha256" > /dev/null 2>&1)
}

case "$MODE" in
check)
    intact "$stage" || exit 1
    exit 0
    ;;
apply) ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac

case "$FROM" in
nfs) ;;
upload)
    rm -rf "$stage" "$stage.partial"
    mkdir -p "$(dirname "$stage")"
    mkdir -m 0700 "$stage"
    exit 0
    ;;
*)
    echo "FROM must be nfs or upload, not $FROM" >&2
    exit 2
    ;;
esac

mnt="$ROOT/run/picluster-backups.$$"
source="$SERVER:$EXPORT_PATH"
mkdir -p "$mnt"
if ! error=$(mount -t nfs -o "$OPTIONS" "$source" "$mnt" 2>&1); then
    rmdir "$mnt" 2> /dev/null || true
    echo "cannot mount the backup export $EXPORT_NAME ($source): $error. Is the NAS up and does it export $EXPORT_PATH to this node? Without the NAS, use an encrypted copy: --from FILE.age --identity KEY" >&2
    exit 2
fi
trap 'umount "$mnt" 2> /dev/null || true; rmdir "$mnt" 2> /dev/null || true' EXIT
dir="$mnt${SUB_PATH:+/$SUB_PATH}"
[ -d "$dir" ] || { echo "the backup export $EXPORT_NAME has no folder ${SUB_PATH:-.}" >&2; exit 2; }

picked="$STAMP"
if [ -z "$picked" ]; then
    for db in "$dir"/etcd-*Z.db; do
        [ -e "$db" ] || continue
        s=${db##*/etcd-}
        s=${s%.db}
        if [ -f "$dir/etcd-$s.db.sha256" ] && [ -f "$dir/etcd-$s.pki.tar.gz" ] && [ -f "$dir/etcd-$s.pki.tar.gz.sha256" ]; then picked=$s; fi
    done
    [ -n "$picked" ] || { echo "no complete backup on $EXPORT_NAME ($EXPORT_PATH/$SUB_PATH)" >&2; exit 2; }
fi
files="etcd-$picked.db etcd-$picked.db.sha256 etcd-$picked.pki.tar.gz etcd-$picked.pki.tar.gz.sha256"
for f in $files; do
    [ -f "$dir/$f" ] || { echo "backup $picked has no $f on $EXPORT_NAME ($EXPORT_PATH/$SUB_PATH)" >&2; exit 2; }
done

# The backup holds every Secret and the CA key: readable by root only, copied next to the stage, then swapped in.
umask 077
rm -rf "$stage.partial"
mkdir -p "$stage.partial"
for f in $files; do cp "$dir/$f" "$stage.partial/$f"; done
for f in "etcd-$picked.db" "etcd-$picked.pki.tar.gz"; do
    if ! (cd "$stage.partial" && sha256sum -c "$f.sha256" > /dev/null 2>&1); then
        rm -rf "$stage.partial"
        echo "$f does not match its $f.sha256 after copying from $EXPORT_NAME: the copy on the NAS is damaged; choose another backup (--backup)" >&2
        exit 2
    fi
done
echo "$picked" > "$stage.partial/stamp"
rm -rf "$stage"
mv "$stage.partial" "$stage"
echo "staged backup $picked in $STAGE_DIR"
