#!/bin/sh
# Copies a verified etcd snapshot to the backup folder under a timestamped name, archives the Kubernetes PKI next to
# it under the same stamp (a snapshot restored without its CA and service-account keys is useless), then keeps only
# the newest $RETENTION backups. Runs in a small shell image after the shell-less etcd image has taken and checked the
# snapshot (initContainers); the tests run it outside any cluster against a real etcd.
#   SNAPSHOT   snapshot file written by `etcdctl snapshot save` (default /scratch/snapshot.db)
#   BACKUP_DIR folder on NFS that keeps the snapshots (default /backup)
#   RETENTION  number of snapshots to keep, at least 1
#   PKI_DIR    /etc/kubernetes/pki as mounted read-only (optional; unset = snapshot only)
#   STAMP      UTC time for the file name, YYYYMMDDTHHMMSSZ (default: now; tests pass it instead of waiting)
set -eu
# The PKI archive holds private keys: readable by the owner (root) only.
umask 077

snapshot="${SNAPSHOT:-/scratch/snapshot.db}"
backup_dir="${BACKUP_DIR:-/backup}"
retention="${RETENTION:-}"
pki_dir="${PKI_DIR:-}"

case "$retention" in
    '' | *[!0-9]* | 0 | 0*)
        echo "etcd-backup: RETENTION must be a whole number of at least 1, got '$retention'" >&2
        exit 2
        ;;
esac
if [ ! -s "$snapshot" ]; then
    echo "etcd-backup: no snapshot at $snapshot" >&2
    exit 1
fi
if [ -n "$pki_dir" ] && [ ! -f "$pki_dir/ca.key" ]; then
    echo "etcd-backup: PKI_DIR $pki_dir has no ca.key; refusing a backup that cannot be restored" >&2
    exit 1
fi

mkdir -p "$backup_dir"
# Fixed-width UTC stamp: names sort in time order, so pruning needs no date parsing.
stamp="${STAMP:-$(date -u +%Y%m%dT%H%M%SZ)}"
case "$stamp" in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z) ;;
    *)
        echo "etcd-backup: STAMP must look like 20261127T030000Z, got '$stamp'" >&2
        exit 2
        ;;
esac
name="etcd-$stamp.db"
if [ -e "$backup_dir/$name" ]; then
    echo "etcd-backup: $backup_dir/$name already exists; refusing to overwrite it" >&2
    exit 1
fi
pki="${name%.db}.pki.tar.gz"
# The PKI first, then the snapshot: a snapshot file (what pruning and the alert count) only exists with its PKI.
if [ -n "$pki_dir" ]; then
    tar -czf "$backup_dir/$pki.partial" -C "$pki_dir" .
    mv "$backup_dir/$pki.partial" "$backup_dir/$pki"
    (cd "$backup_dir" && sha256sum "$pki" > "$pki.sha256")
    echo "etcd-backup: wrote $backup_dir/$pki ($(wc -c < "$backup_dir/$pki") bytes)"
fi
# Copy under a temporary name first, so a half-written file never counts as a backup.
cp "$snapshot" "$backup_dir/$name.partial"
mv "$backup_dir/$name.partial" "$backup_dir/$name"
(cd "$backup_dir" && sha256sum "$name" > "$name.sha256")
echo "etcd-backup: wrote $backup_dir/$name ($(wc -c < "$backup_dir/$name") bytes)"

# Globs expand in sorted order: oldest first.
set -- "$backup_dir"/etcd-*Z.db
[ -e "$1" ] || exit 0
excess=$(($# - retention))
for old in "$@"; do
    [ "$excess" -gt 0 ] || break
    rm -f "$old" "$old.sha256" "${old%.db}.pki.tar.gz" "${old%.db}.pki.tar.gz.sha256"
    echo "etcd-backup: pruned $old"
    excess=$((excess - 1))
done
