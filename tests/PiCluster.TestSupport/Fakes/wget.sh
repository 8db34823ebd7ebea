#!/bin/sh
# FAKE wget (busybox), for the FAKE Alpine mirror only: `wget -q --spider -T <s> <mirror>/<branch>/main/<arch>/APKINDEX.tar.gz`
# exits 0 when $FAKE_CLUSTER/apk/<branch> exists (the mirror carries that branch), else prints busybox's
# "wget: server returned error: HTTP/1.1 404 Not Found" (networking/wget.c) and exits 1; with $FAKE_CLUSTER/offline it
# prints "wget: bad address '<host>'" and exits 1. Any other request (the etcd /health and /metrics reads of
# cluster-status.sh against a real etcd) is not faked: it goes to curl with the same timeout.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

spider=no; timeout=10; url=""
while [ $# -gt 0 ]; do
    case "$1" in
    --spider) spider=yes; shift ;;
    -q) shift ;;
    -T) timeout=$2; shift 2 ;;
    -O) shift 2 ;;
    *) url=$1; shift ;;
    esac
done
if [ "$spider" = no ]; then exec curl -fsS -m "$timeout" "$url"; fi
host=$(echo "$url" | sed -n 's#^[a-z]*://\([^/]*\)/.*#\1#p')
if [ -f "${FAKE_CLUSTER:?}/offline" ]; then echo "wget: bad address '$host'" >&2; exit 1; fi
branch=$(echo "$url" | sed -n 's#.*/\(v[0-9]*\.[0-9]*\|edge\)/main/[^/]*/APKINDEX\.tar\.gz$#\1#p')
if [ -n "$branch" ] && [ -d "$FAKE_CLUSTER/apk/$branch" ]; then exit 0; fi
echo "wget: server returned error: HTTP/1.1 404 Not Found" >&2
exit 1
