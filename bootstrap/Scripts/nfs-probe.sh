#!/bin/sh
# nfs-probe: mounts one NFS export the way the kubelet will, writes and removes a probe file as root in every folder
# the workloads use, and unmounts. Exit 0 = usable; 2 = not, with the server, the export and the fix on stderr.
# Parameters: MODE (check only: it leaves nothing behind), SERVER, EXPORT_NAME, EXPORT_PATH, FOLDERS (space-separated, "." = the export's root), OPTIONS (mount -o),
# PLACEHOLDER (non-empty when SERVER is still the definition's example address).
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
mnt="$ROOT/run/picluster-nfs-probe"
source="$SERVER:$EXPORT_PATH"
hint=""
if [ -n "$PLACEHOLDER" ]; then hint=" ($SERVER is still the example address in the definition: set Nfs.Address to your server's)"; fi

fail() {
    echo "NFS server $SERVER, export $EXPORT_NAME ($source): $1 Fix: $2$hint" >&2
    exit 2
}

mkdir -p "$mnt"
if awk -v m="$mnt" '$2 == m { found = 1 } END { exit !found }' "$ROOT/proc/mounts"; then umount "$mnt"; fi
if ! error=$(mount -t nfs -o "$OPTIONS" "$source" "$mnt" 2>&1); then
    fail "cannot mount it: $error." \
        "check that the server is up at $SERVER, exports $EXPORT_PATH to the nodes' subnet (/etc/exports, then exportfs -ra) and that TCP 2049 is reachable from the nodes."
fi
trap 'umount "$mnt" 2> /dev/null || true' EXIT
for folder in $FOLDERS; do
    dir="$mnt/$folder"
    if [ ! -d "$dir" ]; then
        fail "$EXPORT_PATH/$folder does not exist." "create it on the server (mkdir -p $EXPORT_PATH/$folder) with the owner the workload runs as."
    fi
    probe="$dir/.picluster-probe-$$"
    if ! (: > "$probe") 2> /dev/null; then
        fail "root cannot write to $EXPORT_PATH/$folder (root_squash, or a read-only export)." \
            "export it with rw,no_root_squash for the nodes, or make $EXPORT_PATH/$folder writable for the workload's uid and run it as that uid."
    fi
    rm -f "$probe"
done
