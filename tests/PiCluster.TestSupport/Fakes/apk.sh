#!/bin/sh
# FAKE apk (apk-tools v3, Alpine >= 3.23). What the repository offers is $FAKE_CLUSTER/apk-offers ("name version"
# lines; default: the Kubernetes packages at 1.36.3-r0 — one version per branch, as aports
# community/kubernetes/APKBUILD builds them — and containerd 2.1.4-r0). `policy` prints alpinelinux/apk-tools
# src/app_policy.c's format; `add name=~X` of a package whose offered version is not X.* fails like apk's solver
# ("unable to select packages … breaks: world[name~X]").
# World file: apk writes each dependency back as name + apk_version_op_string(op) + version (apk-tools src/version.c:
# "=~" parses to EQUAL|FUZZY, which prints as "~"), so `apk add kubeadm=~1.36` leaves "kubeadm~1.36" in /etc/apk/world.
# Commit hooks (apk-tools src/commit.c run_commit_hooks): executables in /etc/apk/commit_hooks.d run with
# "pre-commit" before the changes — a failure aborts the commit — and with "post-commit" after them, where a failure
# is only printed (src/process.c: "ERROR: <hook>: exited with error N") and apk still exits 0.
# `upgrade [name…]` (all installed when none) installs the offered version: containerd and kubeadm record it in
# fake/<name>-version; linux-rpi writes a newer kernel, initramfs, DTB and overlay to /boot (= p1/boot here), and the
# raspberrypi-bootloader trigger (aports main/raspberrypi-bootloader update-raspberrypi-bootloader, which watches
# /boot) rewrites /boot/config.txt with `kernel=vmlinuz-rpi` / `initramfs initramfs-rpi`.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

offers="$FAKE_CLUSTER/apk-offers"
commit_hooks() {
    for h in "$R/etc/apk/commit_hooks.d"/*; do
        [ -x "$h" ] || continue
        rc=0
        "$h" "$1" || rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "ERROR: ${h##*/}: exited with error $rc" >&2
            [ "$1" = post-commit ] || exit 1
        fi
    done
}
offered() { awk -v n="$1" '$1 == n { print $2 }' "$offers"; }
installed() { grep -qx "$1" "$R/fake/apk-installed" 2> /dev/null; }
[ -f "$offers" ] || printf 'kubeadm 1.36.3-r0\nkubelet 1.36.3-r0\nkubectl 1.36.3-r0\ncontainerd 2.1.4-r0\n' > "$offers"
case "$1" in
update) change update ;;
policy)
    echo "$2 policy:"
    awk -v n="$2" '$1 == n { print "  " $2 ":"; print "    https://dl-cdn.alpinelinux.org/alpine/v3.24/community" }' "$offers" ;;
add)
    shift
    if [ -f "$R/fake/stop-sshd-on-apk-add" ]; then
        rm -f "$R/fake/stop-sshd-on-apk-add"
        touch "$R/fake/stop-sshd"
        sleep 10
    fi
    for c in "$@"; do
        name=$(echo "$c" | sed 's/[=~<>].*//')
        case "$c" in
        *=~*)
            want=${c#*=~}
            have=$(offered "$name")
            if [ -n "$have" ] && ! echo "$have" | grep -q "^$want\."; then
                printf 'ERROR: unable to select packages:\n  %s-%s:\n    breaks: world[%s~%s]\n' "$name" "$have" "$name" "$want" >&2
                exit 1
            fi ;;
        esac
    done
    commit_hooks pre-commit
    for c in "$@"; do
        name=$(echo "$c" | sed 's/[=~<>].*//')
        # The world keeps apk's own spelling of the constraint: "=~" is written back as "~".
        dep=$(echo "$c" | sed 's/=~/~/')
        { grep -v -E "^$name([=~<>].*)?\$" "$R/etc/apk/world" || true; echo "$dep"; } | sort > "$R/fake/world.tmp"
        mv "$R/fake/world.tmp" "$R/etc/apk/world"
        installed "$name" || echo "$name" >> "$R/fake/apk-installed"
        case "$name" in
        kubeadm) echo "v$(offered kubeadm | sed 's/-r[0-9]*$//')" > "$R/fake/kubeadm-version" ;;
        containerd) offered containerd | sed 's/-r[0-9]*$//' > "$R/fake/containerd-version" ;;
        esac
    done
    change add "$@"
    commit_hooks post-commit ;;
upgrade)
    shift
    [ $# -gt 0 ] || set -- linux-rpi containerd kubeadm
    commit_hooks pre-commit
    for name in "$@"; do
        case "$name" in
        linux-rpi)
            boot="$R/media/mmcblk0p1/boot"
            echo "upgraded kernel" > "$boot/vmlinuz-rpi"
            echo "upgraded initramfs" > "$boot/initramfs-rpi"
            echo "upgraded dtb" > "$boot/bcm2711-rpi-4-b.dtb"
            mkdir -p "$boot/overlays"
            echo "upgraded overlay" > "$boot/overlays/vc4-kms-v3d.dtbo"
            printf '# do not modify this file as it will be overwritten on upgrade.\n# create and/or modify usercfg.txt instead.\n# https://www.raspberrypi.com/documentation/computers/config_txt.html\n#\n\nkernel=vmlinuz-rpi\ninitramfs initramfs-rpi\narm_64bit=1\ninclude usercfg.txt\n' > "$boot/config.txt" ;;
        containerd)
            if installed containerd && [ -n "$(offered containerd)" ]; then offered containerd | sed 's/-r[0-9]*$//' > "$R/fake/containerd-version"; fi ;;
        kubeadm)
            if installed kubeadm && [ -n "$(offered kubeadm)" ]; then echo "v$(offered kubeadm | sed 's/-r[0-9]*$//')" > "$R/fake/kubeadm-version"; fi ;;
        *) echo "fake apk: upgrade of $name is not modelled" >&2; exit 99 ;;
        esac
    done
    change upgrade "$@"
    commit_hooks post-commit ;;
info)
    shift 2
    missing=0
    for n in "$@"; do grep -qx "$n" "$R/fake/apk-installed" 2> /dev/null || missing=$((missing + 1)); done
    exit "$missing" ;;
*) echo "fake apk: unsupported $*" >&2; exit 99 ;;
esac
