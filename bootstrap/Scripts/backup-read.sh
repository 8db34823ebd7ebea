#!/bin/sh
# backup-read: reads the nightly etcd backups from their NFS export, mounted read-only for this call only. The CronJob's
# cluster/Scripts/etcd-backup.sh writes, per UTC stamp, etcd-<STAMP>.db and etcd-<STAMP>.pki.tar.gz, each next to a
# `sha256sum` file (<name>.sha256); a backup counts only with all four.
# ACTION=list: prints the stamps of complete backups, oldest first (names sort by time).
# ACTION=pack: refuses STAMP when a file does not match its sha256 file (exit 2), else prints `sha256sum` of the four
#   files as read here, a line "--", then the four files as a tar stream in base64 (the transport carries text).
# Runs on the control plane. Parameters: MODE (check only: it reads), SERVER, EXPORT_NAME, EXPORT_PATH, SUB_PATH (folder in the export, may be
# empty), OPTIONS (mount -o), ACTION, STAMP.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
mnt="$ROOT/run/picluster-backups.$$"
source="$SERVER:$EXPORT_PATH"

mkdir -p "$mnt"
if ! error=$(mount -t nfs -o "$OPTIONS" "$source" "$mnt" 2>&1); then
    rmdir "$mnt" 2> /dev/null || true
    echo "cannot mount the backup export $EXPORT_NAME ($source): $error. Is the NAS up and does it export $EXPORT_PATH to this node?" >&2
    exit 2
fi
trap 'umount "$mnt" 2> /dev/null || true; rmdir "$mnt" 2> /dev/null || true' EXIT
dir="$mnt${SUB_PATH:+/$SUB_PATH}"
if [ ! -d "$dir" ]; then
    echo "the backup export $EXPORT_NAME has no folder ${SUB_PATH:-.} ($EXPORT_PATH/$SUB_PATH): has the etcd backup CronJob ever run?" >&2
    exit 2
fi
cd "$dir"

is_complete() {
    for f in "etcd-$1.db" "etcd-$1.db.sha256" "etcd-$1.pki.tar.gz" "etcd-$1.pki.tar.gz.sha256"; do
        [ -f "$f" ] || return 1
    done
}

case "$ACTION" in
list)
    for db in etcd-*Z.db; do
        [ -e "$db" ] || continue
        found=${db#etcd-}
        found=${found%.db}
        if is_complete "$found"; then echo "$found"; fi
    done
    ;;
pack)
    if ! is_complete "$STAMP"; then
        echo "backup $STAMP is not complete on $EXPORT_NAME ($EXPORT_PATH/$SUB_PATH): etcd-$STAMP.db, .pki.tar.gz and their .sha256 files are needed" >&2
        exit 2
    fi
    for f in "etcd-$STAMP.db" "etcd-$STAMP.pki.tar.gz"; do
        if ! sha256sum -c "$f.sha256" > /dev/null 2>&1; then
            echo "$f on $EXPORT_NAME does not match its $f.sha256: the copy on the NAS is damaged; use another backup (--backup)" >&2
            exit 2
        fi
    done
    set -- "etcd-$STAMP.db" "etcd-$STAMP.db.sha256" "etcd-$STAMP.pki.tar.gz" "etcd-$STAMP.pki.tar.gz.sha256"
    sha256sum "$@"
    echo --
    tar -cf - "$@" | base64
    ;;
*)
    echo "ACTION must be list or pack, not $ACTION" >&2
    exit 2
    ;;
esac
