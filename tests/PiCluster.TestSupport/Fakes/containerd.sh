#!/bin/sh
# FAKE containerd: `--version` as containerd 2.1 prints it (fake/containerd-version overrides), and `config dump`
# as a merge of the file's keys over the version 3 CRI defaults as containerd 2.1's dump prints them
# ([plugins.'io.containerd.cri.v1.runtime'.cni] bin_dirs = ['/opt/cni/bin'], conf_dir = '/etc/cni/net.d';
# bin_dir "deprecated since v2.1", per containerd's config docs; pinned_images sandbox). Only the keys bootstrap
# sets are modelled; a version 2 file read by 2.x is migrated by the real daemon, modelled by reading the same keys.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

v=$(cat "$R/fake/containerd-version" 2> /dev/null || echo 2.1.4)
case "$1" in
--version) echo "containerd github.com/containerd/containerd/v${v%%.*} v$v 75cb2b7193e4e490e9fbdc236c0e811ccaba3376" ;;
config)
    [ "$2" = dump ] || { echo "fake containerd: unsupported $*" >&2; exit 99; }
    f="$R/etc/containerd/config.toml"
    # A test breaks the dump (fake/containerd-dump-fails) the way a config containerd cannot load does: an error, exit 1.
    if [ -f "$R/fake/containerd-dump-fails" ]; then
        echo "containerd: failed to load TOML from $f: (fake) the test broke config dump" >&2
        exit 1
    fi
    value() { sed -n "s/^ *$1 *= *//p" "$f" 2> /dev/null | head -n 1; }
    echo "version = 3"
    echo "[plugins.'io.containerd.cri.v1.images'.pinned_images]"
    echo "  sandbox = $(value sandbox || true)$( [ -n "$(value sandbox)$(value sandbox_image)" ] || echo "'registry.k8s.io/pause:3.10'")$(value sandbox_image)"
    echo "[plugins.'io.containerd.cri.v1.runtime'.cni]"
    bins="$(value bin_dirs)$(value bin_dir)"
    # 2.0 has only bin_dir (containerd/containerd docs/cri/config.md, 2.x full configuration of that release).
    case "$v" in
    2.0.*) echo "  bin_dir = ${bins:-'/opt/cni/bin'}" ;;
    *) echo "  bin_dirs = ${bins:-['/opt/cni/bin']}" ;;
    esac
    conf=$(value conf_dir)
    echo "  conf_dir = ${conf:-'/etc/cni/net.d'}"
    echo "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]"
    cg=$(value SystemdCgroup)
    echo "  SystemdCgroup = ${cg:-false}" ;;
*) echo "fake containerd: unsupported $*" >&2; exit 99 ;;
esac
