#!/bin/sh
# nfs-client: a check on one worker that the NFS server exports EXPORT_PATH to this node's address — what a Pi added to
# the model needs before the kubelet mounts the export for a pod scheduled on it. Rendering puts the node into the
# model's export lines (rendered/README.md, /etc/exports) but not into the server's own /etc/exports: an NFS server
# answers a client it does not export to with "access denied by server" (nfs-utils utils/mount/error.c). The export is
# mounted read-only and unmounted at once; nothing is written. A check only.
# MODE=check: exit 0 when the mount works, 2 with the line to add on the server otherwise.
# Parameters: MODE, SERVER, EXPORT_NAME, EXPORT_PATH, NODE, ADDRESS (the node's address in the model), OPTIONS
# (mount -o), EXPORT_OPTIONS (the export options rendered/README.md lists).
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
mnt="$ROOT/run/picluster-nfs-client"
source="$SERVER:$EXPORT_PATH"
mkdir -p "$mnt"
if awk -v m="$mnt" '$2 == m { found = 1 } END { exit !found }' "$ROOT/proc/mounts"; then umount "$mnt"; fi
if ! error=$(mount -t nfs -o "ro,$OPTIONS" "$source" "$mnt" 2>&1); then
    rmdir "$mnt" 2> /dev/null || true
    echo "NFS server $SERVER does not let $NODE ($ADDRESS) mount export $EXPORT_NAME ($EXPORT_PATH): $error. Nfs.Exports[\"$EXPORT_NAME\"].Clients is AllNodes, so pods on $NODE mount it too. Fix on the server: add $ADDRESS($EXPORT_OPTIONS) to the /etc/exports line of $EXPORT_PATH (rendered/README.md lists the lines after \`render\`), run \`exportfs -ra\`, then rerun." >&2
    exit 2
fi
umount "$mnt"
rmdir "$mnt" 2> /dev/null || true
