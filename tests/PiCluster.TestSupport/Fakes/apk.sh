#!/bin/sh
# FAKE apk. What the repository offers is $FAKE_CLUSTER/apk-offers ("name version" lines; default: the
# Kubernetes packages at 1.36.3-r0 — one version per branch, as aports community/kubernetes/APKBUILD builds
# them). `policy` prints alpinelinux/apk-tools src/app_policy.c's format; `add name=~X` of a package whose
# offered version is not X.* fails like apk's solver ("unable to select packages … breaks: world[name~X]").
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

offers="$FAKE_CLUSTER/apk-offers"
# apk(8): executables in /etc/apk/commit_hooks.d run after each commit with the argument "post-commit".
commit_hooks() {
    for h in "$R/etc/apk/commit_hooks.d"/*; do
        if [ -x "$h" ]; then "$h" post-commit; fi
    done
}
[ -f "$offers" ] || printf 'kubeadm 1.36.3-r0\nkubelet 1.36.3-r0\nkubectl 1.36.3-r0\n' > "$offers"
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
            have=$(awk -v n="$name" '$1 == n { print $2 }' "$offers")
            if [ -n "$have" ] && ! echo "$have" | grep -q "^$want\."; then
                printf 'ERROR: unable to select packages:\n  %s-%s:\n    breaks: world[%s~%s]\n' "$name" "$have" "$name" "$want" >&2
                exit 1
            fi ;;
        esac
    done
    for c in "$@"; do
        name=$(echo "$c" | sed 's/[=~<>].*//')
        { grep -v -E "^$name([=~<>].*)?\$" "$R/etc/apk/world" || true; echo "$c"; } | sort > "$R/fake/world.tmp"
        mv "$R/fake/world.tmp" "$R/etc/apk/world"
        grep -qx "$name" "$R/fake/apk-installed" 2> /dev/null || echo "$name" >> "$R/fake/apk-installed"
        if [ "$name" = kubeadm ]; then
            echo "v$(awk '$1 == "kubeadm" { print $2 }' "$offers" | sed 's/-r[0-9]*$//')" > "$R/fake/kubeadm-version"
        fi
    done
    change add "$@"
    commit_hooks ;;
# `apk upgrade linux-rpi`: a newer kernel package writes its DTBs/overlays to /boot (= p1/boot).
upgrade)
    echo "upgraded dtb" > "$R/media/mmcblk0p1/boot/bcm2711-rpi-4-b.dtb"
    mkdir -p "$R/media/mmcblk0p1/boot/overlays"
    echo "upgraded overlay" > "$R/media/mmcblk0p1/boot/overlays/vc4-kms-v3d.dtbo"
    change upgrade "$@"
    commit_hooks ;;
info)
    shift 2
    missing=0
    for n in "$@"; do grep -qx "$n" "$R/fake/apk-installed" 2> /dev/null || missing=$((missing + 1)); done
    exit "$missing" ;;
*) echo "fake apk: unsupported $*" >&2; exit 99 ;;
esac
