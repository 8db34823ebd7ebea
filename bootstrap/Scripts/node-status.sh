#!/bin/sh
# node-status: read-only facts about one node for `bootstrap status`, as key=value lines (the kubelet's client
# certificate as "kubelet_cert=" lines: only its certificate block, never the key that shares the file).
# Service state comes from OpenRC's `rc-service <svc> status` (exit 0 started, 3 stopped: OpenRC sh/openrc-run.sh.in);
# pending upgrades from apk's cached index (`apk list --upgradable`, as of the last `apk update`: status fetches nothing).
# Log rotation: logrotate's daily run needs crond in the default runlevel (busybox crond, aports main/busybox crond.initd;
# logrotate installs /etc/periodic/daily/logrotate, aports main/logrotate) and the kubelet package's
# /etc/logrotate.d/kubelet (aports community/kubernetes kubelet.logrotated); or log_proxy set in /etc/conf.d/kubelet.
# Parameters: BOOT_MOUNT (p1's mount point), KUBELET_LOG, KUBELET_CERT.
set -eu
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
# The branch of every configured mirror line, tagged or not (".../v3.25/community" → v3.25).
say repository_branches "$(awk '!/^[[:space:]]*#/ && match($NF, /\/(v[0-9]+\.[0-9]+|edge)\//) { print substr($NF, RSTART + 1, RLENGTH - 2) }' "$ROOT/etc/apk/repositories" 2> /dev/null | sort -u | tr '\n' ' ')"
for svc in containerd kubelet crond; do
    if rc-service "$svc" status > /dev/null 2>&1; then say "service_$svc" started; else say "service_$svc" stopped; fi
done
if [ -L "$ROOT/etc/runlevels/default/crond" ] && [ -f "$ROOT/etc/logrotate.d/kubelet" ] && [ -x "$ROOT/etc/periodic/daily/logrotate" ]; then
    say log_rotation logrotate
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
