#!/bin/sh
# node-status: read-only facts about one node for `bootstrap status`, as key=value lines (the kubelet's client
# certificate as "kubelet_cert=" lines: only its certificate block, never the key that shares the file).
# Service state comes from OpenRC's `rc-service <svc> status` (exit 0 started, 3 stopped: OpenRC sh/openrc-run.sh.in);
# pending upgrades from apk's cached index (`apk list --upgradable`, as of the last `apk update`: status fetches nothing).
# Log rotation: logrotate's daily run needs crond in the default runlevel (busybox crond, aports main/busybox crond.initd;
# logrotate installs /etc/periodic/daily/logrotate, aports main/logrotate) and the kubelet package's
# /etc/logrotate.d/kubelet (aports community/kubernetes kubelet.logrotated); or log_proxy set in /etc/conf.d/kubelet.
# The apk index age is the newest mtime of the cached APKINDEX files (apk-tools doc/apk-cache.5.scd: /var/cache/apk,
# else /etc/apk/cache; apk update rewrites them), or of /lib/apk/db/installed when no cache exists: how old "pending
# upgrades" is. The next Alpine branch is asked of the node's own mirror with one read-only HEAD-style request
# (busybox wget --spider, 5 s) for its APKINDEX: "available", "none" (HTTP 404) or "unknown" (no answer: offline).
# BOOT_FIRMWARE_FAILED is the marker the apk commit hook leaves when syncing p1 failed (boot-firmware-sync.sh).
# Parameters: MODE (check only: it reads), BOOT_MOUNT (p1's mount point), KUBELET_LOG, KUBELET_CERT, BOOT_FIRMWARE_FAILED.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
say() { printf '%s=%s\n' "$1" "$2"; }
used() { df -P "$1" 2> /dev/null | awk 'NR == 2 { sub(/%$/, "", $5); print $5 }'; }
say boot_id "$(cat "$ROOT/proc/sys/kernel/random/boot_id" 2> /dev/null || true)"
say uptime_seconds "$(cut -d. -f1 "$ROOT/proc/uptime" 2> /dev/null || true)"
say alpine_release "$(cat "$ROOT/etc/alpine-release" 2> /dev/null || true)"
say root_device "$(awk '$2 == "/" { d = $1 } END { print d }' "$ROOT/proc/mounts")"
say kernel_running "$(cat "$ROOT/proc/sys/kernel/osrelease" 2> /dev/null || true)"
say kernel_newest "$(for d in "$ROOT"/lib/modules/*; do if [ -d "$d" ]; then echo "${d##*/}"; fi; done | sort -V | tail -n 1)"
say disk_root "$(used "$ROOT/")"
say disk_boot "$(used "$ROOT$BOOT_MOUNT")"
if [ -f "$ROOT$KUBELET_LOG" ]; then say kubelet_log_bytes "$(wc -c < "$ROOT$KUBELET_LOG")"; else say kubelet_log_bytes 0; fi
say apk_upgradable "$(apk list --upgradable 2> /dev/null | grep -c . || true)"
newest_index=0
for f in "$ROOT"/var/cache/apk/APKINDEX.*.tar.gz "$ROOT"/etc/apk/cache/APKINDEX.*.tar.gz; do
    if [ -f "$f" ] && [ "$(stat -c %Y "$f")" -gt "$newest_index" ]; then newest_index=$(stat -c %Y "$f"); fi
done
if [ "$newest_index" -eq 0 ] && [ -f "$ROOT/lib/apk/db/installed" ]; then newest_index=$(stat -c %Y "$ROOT/lib/apk/db/installed"); fi
if [ "$newest_index" -gt 0 ]; then say apk_index_age_seconds "$(($(date +%s) - newest_index))"; fi
if [ -f "$ROOT$BOOT_FIRMWARE_FAILED" ]; then say boot_firmware_failed "$(head -n 1 "$ROOT$BOOT_FIRMWARE_FAILED")"; fi
# The mirror of the first untagged main line ("https://dl-cdn.alpinelinux.org/alpine/v3.24/main" → ".../alpine") and
# the branch after the one the node runs.
mirror=$(awk '$1 ~ /:\/\// && match($1, /\/(v[0-9]+\.[0-9]+|edge)\/main\/?$/) { print substr($1, 1, RSTART - 1); exit }' "$ROOT/etc/apk/repositories" 2> /dev/null || true)
release=$(cat "$ROOT/etc/alpine-release" 2> /dev/null || true)
case "$release" in
[0-9]*.[0-9]*.*) next="v$(echo "$release" | cut -d. -f1).$(($(echo "$release" | cut -d. -f2) + 1))" ;;
*) next="" ;;
esac
if [ -n "$mirror" ] && [ -n "$next" ]; then
    if out=$(wget -q --spider -T 5 "$mirror/$next/main/$(apk --print-arch)/APKINDEX.tar.gz" 2>&1); then
        say next_branch "$next available"
    elif echo "$out" | grep -q ' 404'; then
        say next_branch "$next none"
    else
        say next_branch "$next unknown: $(echo "$out" | head -n 1)"
    fi
fi
# The branch of every configured mirror line, tagged or not (".../v3.25/community" → v3.25).
say repository_branches "$(awk '!/^[[:space:]]*#/ && match($NF, /\/(v[0-9]+\.[0-9]+|edge)\//) { print substr($NF, RSTART + 1, RLENGTH - 2) }' "$ROOT/etc/apk/repositories" 2> /dev/null | sort -u | tr '\n' ' ')"
for svc in containerd kubelet crond; do
    if rc-service "$svc" status > /dev/null 2>&1; then say "service_$svc" started; else say "service_$svc" stopped; fi
done
if [ -L "$ROOT/etc/runlevels/default/crond" ] && [ -f "$ROOT/etc/logrotate.d/kubelet" ] && [ -x "$ROOT/etc/periodic/daily/logrotate" ]; then
    # The kubelet's supervisor keeps the log open: only a copytruncate rule bounds it.
    if grep -qw copytruncate "$ROOT/etc/logrotate.d/kubelet"; then say log_rotation logrotate; else say log_rotation logrotate-rename; fi
elif grep -q log_proxy "$ROOT/etc/conf.d/kubelet" 2> /dev/null; then
    say log_rotation log_proxy
else
    say log_rotation none
fi
say kubelet_version "$(kubelet --version 2> /dev/null | sed -n 's/^Kubernetes //p' || true)"
say kubeadm_version "$(kubeadm version -o short 2> /dev/null || true)"
if [ -f "$ROOT$KUBELET_CERT" ]; then
    sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$ROOT$KUBELET_CERT" | sed 's/^/kubelet_cert=/'
fi
