#!/bin/sh
# log-rotation: the kubelet's log (/var/log/kubelet/kubelet.log on the SD card) stays bounded. The kubelet package ships
# /etc/logrotate.d/kubelet (aports community/kubernetes/APKBUILD installs kubelet.logrotated there), but nothing runs
# logrotate: the logrotate package only adds /etc/periodic/daily/logrotate (aports main/logrotate/APKBUILD,
# logrotate.cron), which busybox's crond runs from root's crontab (run-parts /etc/periodic/daily), and crond
# (aports main/busybox crond.initd, `command_args="$CRON_OPTS -f"`) is not in the default runlevel the card and the
# system disk set up. The other way upstream offers, log_proxy rotation as aports community/containerd containerd.initd
# sets it up (output_logger="log_proxy …"), needs the kubelet's init script to honour output_logger; logrotate works
# with the packaged script as it is.
# The rule is the project's (RULE), not whatever /etc/logrotate.d/kubelet holds: the kubelet's supervisor keeps the log
# open, so only copytruncate rotates it (a renamed file goes on growing), and the packaged rule could not be read
# upstream to confirm it does. apk keeps a changed config file on upgrade and writes the package's as .apk-new.
# Parameters: MODE (check: exit 0 when logrotate runs daily from crond and /etc/logrotate.d/kubelet is RULE / 1
# otherwise; apply: apk add logrotate, RULE written, crond enabled and started), RULE.
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    [ -x "$ROOT/etc/periodic/daily/logrotate" ] || exit 1
    [ "$(cat "$ROOT/etc/logrotate.d/kubelet" 2> /dev/null || true)" = "$RULE" ] || exit 1
    rc-update show default | grep -qw crond || exit 1
    rc-service crond status > /dev/null 2>&1 || exit 1
    ;;
apply)
    apk add logrotate
    mkdir -p "$ROOT/etc/logrotate.d"
    printf '%s\n' "$RULE" > "$ROOT/etc/logrotate.d/kubelet.picluster-new"
    mv "$ROOT/etc/logrotate.d/kubelet.picluster-new" "$ROOT/etc/logrotate.d/kubelet"
    rc-update add crond default
    rc-service crond start
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
