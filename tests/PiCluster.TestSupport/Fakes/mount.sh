#!/bin/sh
# FAKE mount. NFS ("-t nfs -o opts server:path dir"): the "server" is $FAKE_CLUSTER/nfs/exports ("server path
# [root_squash] [clients=<address>,…]" lines) with the exported trees under $FAKE_CLUSTER/nfs/root; an unknown server
# times out and an unexported path is refused with mount.nfs's messages — also a path exported only to other clients
# (the server sees the node's address: $FAKE_CLUSTER/nfs/addresses, "<node> <address>" lines; a node without one is
# unknown to the server), as an NFS server answers a host missing from its /etc/exports line. A mount is a symlink to the tree; a root_squash export
# links to a directory root cannot write to (/sys/kernel), as root_squash maps root to nobody.
# An unknown server, after nfs-utils utils/mount/stropts.c nfsmount_fg: ETIMEDOUT/EHOSTUNREACH are temporary
# errors, retried in the foreground until retry= minutes have passed (NFS_DEF_FG_TIMEOUT_MINUTES = 2 when the
# option is absent), then utils/mount/error.c mount_error prints "<progname>: <strerror> for <spec> on <dir>"
# and mount exits 32 (EX_FAIL). The fake waits that long too (one second past it, as the loop tests "> timeout").
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

if [ "$1" = -t ] && [ "$2" = nfs ]; then
    src=$5; dir=$6; server=${src%%:*}; path=${src#*:}
    exports="$FAKE_CLUSTER/nfs/exports"
    if ! awk -v s="$server" '$1 == s { found = 1 } END { exit !found }' "$exports" 2> /dev/null; then
        retry=$(echo "$4" | tr ',' '\n' | sed -n 's/^retry=//p' | tail -n 1)
        retry=${retry:-2}
        if [ "$retry" -gt 0 ]; then sleep $((retry * 60 + 1)); fi
        echo "mount.nfs: Connection timed out for $src on $dir" >&2; exit 32
    fi
    line=$(awk -v s="$server" -v p="$path" '$1 == s && $2 == p' "$exports")
    [ -n "$line" ] || { echo "mount.nfs: access denied by server while mounting $src" >&2; exit 32; }
    case "$line" in
    *clients=*)
        me=$(awk -v n="$FAKE_NODE" '$1 == n { print $2 }' "$FAKE_CLUSTER/nfs/addresses" 2> /dev/null)
        case ",${line##*clients=}," in
        *",$me,"*) [ -n "$me" ] || { echo "mount.nfs: access denied by server while mounting $src" >&2; exit 32; } ;;
        *) echo "mount.nfs: access denied by server while mounting $src" >&2; exit 32 ;;
        esac ;;
    esac
    rmdir "$dir"
    case "$line" in *root_squash*) ln -s /sys/kernel "$dir" ;; *) ln -s "$FAKE_CLUSTER/nfs/root$path" "$dir" ;; esac
    # Not logged as a change: the probe unmounts it again and leaves nothing behind.
    echo "$src $dir nfs4 rw 0 0" >> "$R/proc/mounts"
elif [ "$1" = -t ]; then
    echo "$3 $4 $2 rw 0 0" >> "$R/proc/mounts"
    change "$@"
elif [ "$1" = -o ]; then
    change "$@"
elif [ "$1" = --make-rshared ] && [ "$2" = / ]; then
    # The kernel marks the mount's propagation in /proc/self/mountinfo's optional fields.
    if ! grep -q ' / / [^-]*shared:' "$R/proc/self/mountinfo"; then
        sed -i 's| / / \([^ ]*\) - | / / \1 shared:1 - |' "$R/proc/self/mountinfo"
        change "$@"
    fi
else
    echo "fake mount: unsupported $*" >&2; exit 99
fi
