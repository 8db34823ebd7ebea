#!/bin/sh
# etcd-restore-tool: the program that restores etcd snapshots is on the control plane. etcd 3.6 restores only with
# etcdutl (`etcdctl snapshot restore` is gone), and neither kubeadm's packages nor Alpine's etcd package ship it
# (alpinelinux/aports community/etcd/APKBUILD installs etcd and etcdctl only). kubeadm's etcd image does: for 3.6.x,
# registry.k8s.io/etcd:3.6.9-0 is the etcd project's own release image (kubernetes/k8s.io registry.k8s.io/images/
# k8s-staging-etcd/images.yaml gives "v3.6.9" and "3.6.9-0" one digest), built from etcd-io/etcd Dockerfile (tag
# v3.6.9): distroless/static with etcd, etcdctl and etcdutl ADDed to /usr/local/bin and no shell, so nothing can run
# inside it but those binaries. They are static Go binaries (etcd-io/etcd scripts/build_lib.sh: CGO_ENABLED=0), so
# the action copies etcdutl out on the host, never running the image: `ctr images pull`, then `ctr images mount <ref>
# <target>` (containerd cmd/ctr/commands/images/mount.go: unpacks for this platform and mounts a read-only view of the
# rootfs), cp, `ctr images unmount <target>`. ctr is Alpine's containerd-ctr subpackage (aports community/containerd
# APKBUILD). The binary then matches the etcd it restores for.
# MODE=check: exit 0 when TOOL runs (`TOOL version`), 1 when it is missing.
# MODE=apply: only for etcdutl; any other TOOL must be installed by hand.
# Parameters: MODE, TOOL, IMAGE (kubeadm's etcd image for the model's Kubernetes minor).
set -eu
ROOT="${NODE_ROOT:-}"
case "$MODE" in
check)
    command -v "$TOOL" > /dev/null || exit 1
    "$TOOL" version > /dev/null || { echo "$TOOL is installed but does not run" >&2; exit 2; }
    exit 0
    ;;
apply) ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
if [ "$TOOL" != etcdutl ]; then
    echo "$TOOL is not installed on this node: install it (same minor as kubeadm's etcd, $IMAGE) or pass --restore-tool etcdutl" >&2
    exit 2
fi
command -v ctr > /dev/null || apk add containerd-ctr
ctr -n k8s.io images pull "$IMAGE" > /dev/null
mnt="$ROOT/run/picluster-etcd-image.$$"
mkdir -p "$mnt"
trap 'ctr -n k8s.io images unmount "$mnt" > /dev/null 2>&1 || true; rmdir "$mnt" 2> /dev/null || true' EXIT
ctr -n k8s.io images mount "$IMAGE" "$mnt" > /dev/null
mkdir -p "$ROOT/usr/local/bin"
cp "$mnt/usr/local/bin/etcdutl" "$ROOT/usr/local/bin/etcdutl.tmp"
chmod 0755 "$ROOT/usr/local/bin/etcdutl.tmp"
mv -f "$ROOT/usr/local/bin/etcdutl.tmp" "$ROOT/usr/local/bin/etcdutl"
echo "installed etcdutl from $IMAGE"
