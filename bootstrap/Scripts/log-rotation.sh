#!/bin/sh
# log-rotation: the kubelet's log (/var/log/kubelet/kubelet.log on the SD card) stays bounded. The kubelet package ships
# /etc/logrotate.d/kubelet (aports community/kubernetes/APKBUILD installs kubelet.logrotated there), but nothing runs
# logrotate: the logrotate package only adds /etc/periodic/daily/logrotate (aports main/logrotate/APKBUILD,
# logrotate.cron), which busybox's crond runs from root's crontab (run-parts /etc/periodic/daily), and crond
# (aports main/busybox crond.initd, `command_args="$CRON_OPTS -f"`) is not in the default runlevel the card and the
# system disk set up. The other way upstream offers, log_proxy rotation as aports community/containerd containerd.initd
# sets it up (output_logger="log_proxy …"), needs the kubelet's init script to honour output_logger; logrotate works
# with the packaged script as it is.
# Parameters: MODE (check: exit 0 when logrotate runs daily from crond and /etc/logrotate.d/kubelet exists / 1 otherwise;
# apply: apk add logrotate, a kubelet rule only when the package did not ship one, crond enabled and started),
# RULE (the fallback /etc/logrotate.d/kubelet: copytruncate, since the supervisor keeps the log open).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    [ -x "$ROOT/etc/periodic/daily/logrotate" ] || exit 1
    [ -f "$ROOT/etc/logrotate.d/kubelet" ] || exit 1
    rc-update show default | grep -qw crond || exit 1
    rc-service crond status > /dev/null 2>&1 || exit 1
    ;;
apply)
    apk add logrotate
    if [ ! -f "$ROOT/etc/logrotate.d/kubelet" ]; then
        mkdir -p "$ROOT/etc/logrotate.d"
        printf '%s\n' "$RULE" > "$ROOT/etc/logrotate.d/kubelet"
    fi
    rc-update add crond default
    rc-service crond start
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
