#!/bin/sh
# containerd-config: the CRI settings kubeadm and flannel rely on, for the containerd the node actually runs.
# Parameters: MODE (check: exit 0 done / 1 needed / 2 broken; apply: write, verify, restart a running containerd),
# CNI_BIN_DIR, CNI_CONF_DIR, KUBERNETES_MINOR (the model's, e.g. 1.36).
# - CNI plugins: Alpine's cni-plugins (and flannel, rendered with the same dir) live in CNI_BIN_DIR, not /opt/cni/bin.
# - SystemdCgroup = false: OpenRC, so cgroupfs, as the kubelet (KubeletConfiguration cgroupDriver: cgroupfs).
# - Sandbox image: the pause image of the installed kubeadm (`kubeadm config images list`, kubernetes/kubernetes
#   cmd/kubeadm/app/constants/constants.go PauseVersion), so kubeadm's preflight and the CRI agree.
# containerd 2.x reads config version 3 (CRI split into io.containerd.cri.v1.images / .runtime; bin_dirs from 2.1 on,
# bin_dir in 2.0); 1.7 reads version 2 (io.containerd.grpc.v1.cri). The file is chosen by `containerd --version`.
# Kubernetes 1.36 and later need containerd 2.0 or later: the kubelet takes its cgroup driver from the CRI runtime,
# which containerd supports from v2.0 on (containerd docs/cri/config.md, "Cgroup Driver"), so an older containerd is
# refused here instead of getting a version 2 file.
# The check compares the file's settings (every line that is not a comment or blank), never the versions that chose
# them: an `apk upgrade` of containerd or kubeadm that leaves the settings alone is no change, and containerd is
# restarted only when the file's settings did change.
# A restart owed survives a failed run: the apply leaves a marker before it replaces the file and removes it only after
# the restart, and the check fails while the marker is there, so a run that died after the new file was in place
# (verify failed, SSH session dropped) still restarts containerd on the next run instead of leaving it on the old settings.
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
config="$ROOT/etc/containerd/config.toml"
pending="$ROOT/var/lib/picluster/containerd-restart.pending"

version=$(containerd --version | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^v?[0-9]+\.[0-9]+\./) { sub(/^v/, "", $i); print $i; exit } }')
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
if [ "$major" -lt 2 ] && [ "${KUBERNETES_MINOR#*.}" -ge 36 ]; then
    echo "containerd $version is too old for Kubernetes $KUBERNETES_MINOR: it needs containerd 2.0 or later (the kubelet takes its cgroup driver from the CRI, which containerd supports from 2.0 on). Upgrade containerd (an Alpine release whose containerd is 2.x) or set KubernetesSettings.Version to 1.35 or older." >&2
    exit 2
fi
kubeadm_version=$(kubeadm version -o short)
sandbox=$(kubeadm config images list --kubernetes-version "$kubeadm_version" | grep '/pause:' | head -n 1)
if [ -z "$sandbox" ]; then
    echo "kubeadm $kubeadm_version lists no pause image" >&2
    exit 2
fi

desired() {
    echo "# Written by picluster bootstrap (bootstrap/Scripts/containerd-config.sh): containerd's CRI settings for kubeadm and flannel."
    if [ "$major" -ge 2 ]; then
        bin_key=bin_dirs
        bin_value="['$CNI_BIN_DIR']"
        if [ "$major" -eq 2 ] && [ "$minor" -eq 0 ]; then
            bin_key=bin_dir
            bin_value="'$CNI_BIN_DIR'"
        fi
        cat << EOT
version = 3

[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = '$sandbox'

[plugins.'io.containerd.cri.v1.runtime'.cni]
  $bin_key = $bin_value
  conf_dir = '$CNI_CONF_DIR'

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
  SystemdCgroup = false
EOT
    else
        cat << EOT
version = 2

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$sandbox"

[plugins."io.containerd.grpc.v1.cri".cni]
  bin_dir = "$CNI_BIN_DIR"
  conf_dir = "$CNI_CONF_DIR"

[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
  SystemdCgroup = false
EOT
    fi
}

# What containerd itself makes of the file: the merged configuration must carry every value.
verify_dump() {
    dump=$(containerd config dump)
    for expected in "$CNI_BIN_DIR" "$CNI_CONF_DIR" "$sandbox" "SystemdCgroup = false"; do
        if ! printf '%s\n' "$dump" | grep -qF "$expected"; then
            echo "containerd config dump does not show $expected; see $config" >&2
            return 1
        fi
    done
}

# The settings of a file: its lines without comments, blank lines and trailing blanks.
settings() { sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' -e 's/[[:space:]]*$//'; }
current_settings() { settings < "$config" 2> /dev/null || true; }

case "$MODE" in
check)
    [ -f "$config" ] || exit 1
    [ "$(desired | settings)" = "$(current_settings)" ] || exit 1
    [ ! -f "$pending" ] || exit 1
    verify_dump || exit 2
    ;;
apply)
    if [ ! -f "$config" ] || [ "$(desired | settings)" != "$(current_settings)" ]; then
        mkdir -p "$(dirname "$config")" "$(dirname "$pending")"
        if [ -f "$config" ] && [ ! -f "$config.orig" ]; then cp -p "$config" "$config.orig"; fi
        desired > "$config.tmp"
        : > "$pending"
        mv -f "$config.tmp" "$config"
    fi
    verify_dump
    if [ -f "$pending" ]; then
        # A stopped containerd reads the file when it starts: only a running one owes a restart.
        if rc-service containerd status > /dev/null 2>&1; then rc-service containerd restart; fi
        rm -f "$pending"
    fi
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
