namespace PiCluster.TestSupport;

/// <summary>
/// FAKE stand-ins for the Alpine/Kubernetes commands that cannot run on the test machine (apk, rc-update, kubeadm,
/// mkfs.ext4, reboot, …). They sit first on each test node's PATH, log every call to <c>$NODE_ROOT/fake/calls.log</c>,
/// log every call that changes something to <c>$NODE_ROOT/fake/changes.log</c>, and keep their effects as files under
/// <c>$NODE_ROOT</c> (and <c>$FAKE_CLUSTER</c> for cluster-wide state) so the real checks see them.
/// </summary>
public static class FakeBinaries
{
    private const string Header = """
        #!/bin/sh
        set -eu
        me=$(basename "$0")
        R="$NODE_ROOT"
        echo "$me $*" >> "$R/fake/calls.log"
        change() { echo "$me $*" >> "$R/fake/changes.log"; }

        """;

    public static readonly IReadOnlyDictionary<string, string> Scripts = new Dictionary<string, string>
    {
        // FAKE apk. What the repository offers is $FAKE_CLUSTER/apk-offers ("name version" lines; default: the
        // Kubernetes packages at 1.36.3-r0 — one version per branch, as aports community/kubernetes/APKBUILD builds
        // them). `policy` prints alpinelinux/apk-tools src/app_policy.c's format; `add name=~X` of a package whose
        // offered version is not X.* fails like apk's solver ("unable to select packages … breaks: world[name~X]").
        ["apk"] = """
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
            """,
        // FAKE rc-update (OpenRC): `show <level>` prints " <svc> | <level>" lines, `add <svc> <level>` links
        // /etc/init.d/<svc> into /etc/runlevels/<level> (rc-update(8); the C source was not read).
        ["rc-update"] = """
            case "$1" in
            show)
                level=${2:-default}
                for f in "$R/etc/runlevels/$level"/*; do
                    [ -L "$f" ] || [ -e "$f" ] || continue
                    echo " $(basename "$f") | $level"
                done ;;
            add)
                mkdir -p "$R/etc/runlevels/$3"
                [ -L "$R/etc/runlevels/$3/$2" ] || { ln -s "/etc/init.d/$2" "$R/etc/runlevels/$3/$2"; change add "$2" "$3"; } ;;
            *) echo "fake rc-update: unsupported $*" >&2; exit 99 ;;
            esac
            """,
        // FAKE rc-service, after OpenRC/openrc sh/openrc-run.sh.in: `status` exits 3 when stopped (_status), `start`
        // sources the init script and runs its start() — here only for scripts bootstrap wrote (rshared), whose real
        // start() then runs; packaged services (containerd, chronyd) are only marked started.
        ["rc-service"] = """
            mkdir -p "$R/run/openrc/started"
            case "$2" in
            start)
                [ ! -f "$R/run/openrc/started/$1" ] || exit 0
                # A service whose init script bootstrap wrote runs for real: its start() with OpenRC's ebegin/eend.
                if [ -f "$R/etc/init.d/$1" ]; then
                    ( ebegin() { :; }; eend() { return "$1"; }; . "$R/etc/init.d/$1"; start )
                fi
                touch "$R/run/openrc/started/$1"; change "$1" start ;;
            # OpenRC's restart of a stopped service starts it; here only running ones are restarted by the scripts.
            restart) touch "$R/run/openrc/started/$1"; change "$1" restart ;;
            status) [ -f "$R/run/openrc/started/$1" ] || exit 3 ;;
            *) echo "fake rc-service: unsupported $*" >&2; exit 99 ;;
            esac
            """,
        // FAKE chronyc: `tracking` prints "Leap status     : Normal" only while chronyd runs (synchronised), as chronyc's
        // tracking report does; `waitsync` fails while chronyd is stopped. (chrony's client.c was not read.)
        ["chronyc"] = """
            [ "$1" = -n ] && shift
            case "$1" in
            tracking)
                if [ -f "$R/run/openrc/started/chronyd" ]; then echo "Leap status     : Normal"; else echo "Leap status     : Not synchronised"; fi ;;
            waitsync) [ -f "$R/run/openrc/started/chronyd" ] ;;
            *) echo "fake chronyc: unsupported $*" >&2; exit 99 ;;
            esac
            """,
        // FAKE mkfs.ext4 (e2fsprogs): only records the call; the node's "disk" is a folder.
        ["mkfs.ext4"] = """
            change "$@"
            """,
        // FAKE mount. NFS ("-t nfs -o opts server:path dir"): the "server" is $FAKE_CLUSTER/nfs/exports ("server path
        // [root_squash]" lines) with the exported trees under $FAKE_CLUSTER/nfs/root; an unknown server times out and an
        // unexported path is refused with mount.nfs's messages. A mount is a symlink to the tree; a root_squash export
        // links to a directory root cannot write to (/sys/kernel), as root_squash maps root to nobody.
        // An unknown server, after nfs-utils utils/mount/stropts.c nfsmount_fg: ETIMEDOUT/EHOSTUNREACH are temporary
        // errors, retried in the foreground until retry= minutes have passed (NFS_DEF_FG_TIMEOUT_MINUTES = 2 when the
        // option is absent), then utils/mount/error.c mount_error prints "<progname>: <strerror> for <spec> on <dir>"
        // and mount exits 32 (EX_FAIL). The fake waits that long too (one second past it, as the loop tests "> timeout").
        ["mount"] = """
            if [ "$1" = -t ] && [ "$2" = nfs ]; then
                src=$5; dir=$6; server=${src%%:*}; path=${src#*:}
                exports="$FAKE_CLUSTER/nfs/exports"
                if ! awk -v s="$server" '$1 == s { found = 1 } END { exit !found }' "$exports" 2> /dev/null; then
                    retry=$(echo "$4" | tr ',' '\n' | sed -n 's/^retry=//p' | tail -n 1)
                    retry=${retry:-2}
                    if [ "$retry" -gt 0 ]; then sleep $((retry * 60 + 1)); fi
                    echo "mount.nfs: Connection timed out for $src on $dir" >&2; exit 32
                fi
                line=$(awk -v s="$server" -v p="$path" '$1 == s && $2 == p' "$exports")
                [ -n "$line" ] || { echo "mount.nfs: access denied by server while mounting $src" >&2; exit 32; }
                rmdir "$dir"
                case "$line" in *root_squash*) ln -s /sys/kernel "$dir" ;; *) ln -s "$FAKE_CLUSTER/nfs/root$path" "$dir" ;; esac
                # Not logged as a change: the probe unmounts it again and leaves nothing behind.
                echo "$src $dir nfs4 rw 0 0" >> "$R/proc/mounts"
            elif [ "$1" = -t ]; then
                echo "$3 $4 $2 rw 0 0" >> "$R/proc/mounts"
                change "$@"
            elif [ "$1" = -o ]; then
                change "$@"
            elif [ "$1" = --make-rshared ] && [ "$2" = / ]; then
                # The kernel marks the mount's propagation in /proc/self/mountinfo's optional fields.
                if ! grep -q ' / / [^-]*shared:' "$R/proc/self/mountinfo"; then
                    sed -i 's| / / \([^ ]*\) - | / / \1 shared:1 - |' "$R/proc/self/mountinfo"
                    change "$@"
                fi
            else
                echo "fake mount: unsupported $*" >&2; exit 99
            fi
            """,
        ["umount"] = """
            nfs=no
            if [ -L "$1" ]; then rm "$1"; mkdir "$1"; nfs=yes; fi
            awk -v t="$1" '$2 != t' "$R/proc/mounts" > "$R/fake/mounts.tmp"
            mv "$R/fake/mounts.tmp" "$R/proc/mounts"
            [ "$nfs" = yes ] || change "$@"
            """,
        // FAKE setup-disk, after alpinelinux/alpine-conf setup-disk.in (install_mounted_root, supported_boot_fs, is_rpi,
        // the BOOTLOADER defaults at the end of the script and setup_raspberrypi_bootloader): a mounted-root install
        // ("-m sys <dir>") finds the boot filesystem on <dir>/boot, or on <dir> itself when nothing is mounted there; on
        // a Raspberry Pi only vfat is accepted, anything else exits 1 with upstream's message unless FORCE_BOOTFS is
        // set. The Pi default bootloader writes config.txt and cmdline.txt (root=UUID…, no cgroup options) into
        // <dir>/boot, before apk installs linux-rpi and raspberrypi-bootloader there (kernel, DTBs, overlays, firmware).
        // An unknown BOOTLOADER dies like upstream. lbu's copy of /etc is modelled without the host keys.
        ["setup-disk"] = """
            [ "$1" = -m ] && [ "$2" = sys ] && [ $# -eq 3 ] || { echo "fake setup-disk: unsupported $*" >&2; exit 99; }
            mnt=${3%/}
            is_rpi() { grep -q "Raspberry Pi" "$R/proc/device-tree/model" 2> /dev/null; }
            mounted() { awk -v m="$1" -v f="$2" '$2 == m { v = (f == "dev" ? $1 : $3) } END { print v }' "$R/proc/mounts"; }
            if is_rpi; then BOOTLOADER=${BOOTLOADER:-raspberrypi-bootloader}; fi
            BOOTLOADER=${BOOTLOADER:-u-boot}
            [ -n "$(mounted "$mnt" dev)" ] || { echo "$mnt does not seem to be a mount point" >&2; exit 1; }
            if [ -n "$(mounted "$mnt/boot" dev)" ]; then mnt_boot="$mnt/boot"; else mnt_boot="$mnt"; fi
            boot_fs=$(mounted "$mnt_boot" fs)
            supported="ext2 ext3 ext4 btrfs xfs vfat"
            if is_rpi; then supported=vfat; fi
            case " $supported " in
            *" $boot_fs "*) ;;
            *)
                echo "$boot_fs is not supported. Only supported are: $supported" >&2
                [ -n "${FORCE_BOOTFS:-}" ] || exit 1
                echo "Continuing at your own risk." ;;
            esac
            mkdir -p "$mnt/etc"
            # lbu package: the running system's /etc, except the host keys (the real script must bring those).
            cp -a "$R/etc/." "$mnt/etc/"
            rm -f "$mnt"/etc/ssh/ssh_host_*
            echo "UUID=0b5e5a1e-0000-4000-8000-000000000002 / ext4 rw,relatime 0 1" > "$mnt/etc/fstab"
            case "$BOOTLOADER" in
            # setup_raspberrypi_bootloader writes into <dir>/boot before apk has created it: on a fresh root the two
            # redirections fail (the shell's message, no `set -e` upstream) and the install goes on without them.
            raspberrypi-bootloader)
                if [ -d "$mnt/boot" ]; then
                    printf '# do not modify this file as it will be overwritten on upgrade.\n[all]\narm_64bit=1\ninclude usercfg.txt\n' > "$mnt/boot/config.txt"
                    echo "root=UUID=0b5e5a1e-0000-4000-8000-000000000002 modules=sd-mod,usb-storage,ext4 quiet rootfstype=ext4" > "$mnt/boot/cmdline.txt"
                else
                    echo "/sbin/setup-disk: can't create $mnt/boot/config.txt: nonexistent directory" >&2
                    echo "/sbin/setup-disk: can't create $mnt/boot/cmdline.txt: nonexistent directory" >&2
                fi ;;
            u-boot) mkdir -p "$mnt/boot/extlinux"; echo "label rpi" > "$mnt/boot/extlinux/extlinux.conf" ;;
            *) echo "ERROR: Bootloader \"$BOOTLOADER\" not supported!" >&2; exit 1 ;;
            esac
            # apk add --root: linux-rpi (kernel, initramfs, DTBs, overlays) and raspberrypi-bootloader (firmware).
            mkdir -p "$mnt/boot"
            echo kernel > "$mnt/boot/vmlinuz-rpi"
            echo initramfs > "$mnt/boot/initramfs-rpi"
            echo "installed dtb" > "$mnt/boot/bcm2711-rpi-4-b.dtb"
            mkdir -p "$mnt/boot/overlays"
            echo "installed overlay" > "$mnt/boot/overlays/vc4-kms-v3d.dtbo"
            echo "installed firmware" > "$mnt/boot/start4.elf"
            ln -s . "$mnt/boot/boot"
            change "$@"
            """,
        // FAKE reboot: asks the fixture to kill this node's sshd and sessions, run fake-boot and start sshd again.
        ["reboot"] = """
            change
            touch "$R/fake/reboot-sshd"
            """,
        // FAKE modprobe: a loaded module appears as /sys/module/<name>, as the kernel shows it.
        ["modprobe"] = """
            [ -d "$R/sys/module/$1" ] || { mkdir -p "$R/sys/module/$1"; change "$1"; }
            """,
        // FAKE sysctl -p <file>: writes each key to /proc/sys/<key with dots as slashes> and echoes "key = value".
        ["sysctl"] = """
            [ "$1" = -p ] || { echo "fake sysctl: unsupported $*" >&2; exit 99; }
            grep -v '^#' "$2" | while IFS='= ' read -r key value; do
                [ -n "$key" ] || continue
                path="$R/proc/sys/$(echo "$key" | tr . /)"
                mkdir -p "$(dirname "$path")"
                echo "$value" > "$path"
                echo "$key = $value"
            done
            change "$@"
            """,
        // FAKE swapoff -a: /proc/swaps keeps only its header line.
        ["swapoff"] = """
            head -n 1 "$R/proc/swaps" > "$R/fake/swaps.tmp"
            mv "$R/fake/swaps.tmp" "$R/proc/swaps"
            change "$@"
            """,
        // FAKE kubeadm. `token create --print-join-command` prints kubernetes/kubernetes cmd/kubeadm/app/cmd/util/join.go's
        // joinCommandTemplate ("kubeadm join <host:port> --token <t> --discovery-token-ca-cert-hash sha256:<h>"); `join`
        // refuses an unknown token or an existing kubelet.conf (preflight FileAvailable) and returns before the Node
        // registers (kubernetes#129279); `init` refuses an existing admin.conf and a kubernetesVersion above its own.
        ["kubeadm"] = """
            C="$FAKE_CLUSTER"
            case "$1" in
            # The version apk installed (fake apk writes it); not installed: the shell's "not found".
            version) cat "$R/fake/kubeadm-version" 2> /dev/null || { echo "kubeadm: not found" >&2; exit 127; } ;;
            config)
                # kubernetes/kubernetes cmd/kubeadm/app/constants/constants.go: PauseVersion is pinned per release.
                [ "$2 $3" = "images list" ] || { echo "fake kubeadm: unsupported $*" >&2; exit 99; }
                v=${5:-v1.36.1}
                for c in kube-apiserver kube-controller-manager kube-scheduler kube-proxy; do echo "registry.k8s.io/$c:$v"; done
                echo registry.k8s.io/coredns/coredns:v1.13.1
                echo registry.k8s.io/pause:3.10.1
                echo registry.k8s.io/etcd:3.6.6-0 ;;
            init)
                config=$3
                grep -q 'cgroupDriver: cgroupfs' "$config" || { echo "fake kubeadm: cgroupDriver must be cgroupfs" >&2; exit 1; }
                # kubeadm validates kubernetesVersion against itself (cmd/kubeadm/app/util/config: a control plane
                # newer than kubeadm is refused).
                wanted=$(sed -n 's/^kubernetesVersion: *//p' "$config")
                mine=$(cat "$R/fake/kubeadm-version")
                if [ "$(printf '%s\n%s\n' "$wanted" "$mine" | sort -V | tail -n 1)" != "$mine" ]; then
                    echo "this version of kubeadm only supports deploying clusters with the control plane version >= ... and <= $mine. Current version: $wanted" >&2
                    exit 1
                fi
                [ ! -f "$R/etc/kubernetes/admin.conf" ] || { echo "[preflight] FileAvailable--etc-kubernetes-admin.conf exists" >&2; exit 1; }
                mkdir -p "$R/etc/kubernetes/manifests" "$C/nodes" "$C/taints"
                endpoint=$(sed -n 's/^controlPlaneEndpoint: *//p' "$config")
                cat > "$R/etc/kubernetes/admin.conf" << EOF
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: RkFLRS1DQQ==
                server: https://$endpoint
              name: home-k8s
            contexts:
            - context:
                cluster: home-k8s
                user: kubernetes-admin
              name: kubernetes-admin@home-k8s
            current-context: kubernetes-admin@home-k8s
            users:
            - name: kubernetes-admin
              user:
                client-certificate-data: RkFLRS1DRVJU
                client-key-data: RkFLRS1LRVk=
            EOF
                echo "apiVersion: v1" > "$R/etc/kubernetes/manifests/kube-apiserver.yaml"
                touch "$R/etc/kubernetes/kubelet.conf" "$C/nodes/$FAKE_NODE" "$C/taints/$FAKE_NODE"
                echo "$endpoint" > "$C/endpoint"
                touch "$C/initialized"
                change init ;;
            token)
                [ -f "$C/initialized" ] || exit 1
                token="$(tr -dc 'a-z0-9' < /dev/urandom | head -c 6).$(tr -dc 'a-z0-9' < /dev/urandom | head -c 16)"
                echo "$token" >> "$C/tokens"
                echo "kubeadm join $(cat "$C/endpoint") --token $token --discovery-token-ca-cert-hash sha256:$(printf '%064d' 7)"
                change token create ;;
            join)
                endpoint=$2; token=$4; hash=$6; name=$8
                [ "$endpoint" = "$(cat "$C/endpoint")" ] || { echo "fake kubeadm: wrong endpoint $endpoint" >&2; exit 1; }
                grep -qx "$token" "$C/tokens" || { echo "fake kubeadm: unknown token" >&2; exit 1; }
                case "$hash" in sha256:*) ;; *) echo "fake kubeadm: bad hash" >&2; exit 1 ;; esac
                [ ! -f "$R/etc/kubernetes/kubelet.conf" ] || { echo "[preflight] kubelet.conf exists" >&2; exit 1; }
                mkdir -p "$R/etc/kubernetes" "$C/registering"
                # Like the real join (kubernetes/kubernetes#129279, KEP-4656): it returns after the TLS bootstrap wrote
                # kubelet.conf; the Node object appears later, when the kubelet registers (here: on the second look).
                touch "$R/etc/kubernetes/kubelet.conf"
                [ -f "$R/fake/kubelet-never-registers" ] || echo 0 > "$C/registering/$name"
                change join "$name" ;;
            *) echo "fake kubeadm: unsupported $*" >&2; exit 99 ;;
            esac
            """,
        // FAKE kubectl with admin.conf: node queries, taint, and manifests through the object store (FakeKubectl, which
        // follows kubernetes/kubectl pkg/cmd/diff/diff.go's exit codes); `get node` answers NotFound with kubectl's wording.
        ["kubectl"] = """
            C="$FAKE_CLUSTER"
            [ "$1" = --kubeconfig ] && [ -f "$2" ] || { echo "fake kubectl: no kubeconfig" >&2; exit 1; }
            shift 2
            # Manifests on stdin and the object queries of the flux/secrets phases: the object-store fake (FakeKubectl).
            case " $* " in *" -f - "*) exec fake-kubectl-objects "$@" ;; esac
            case "$1 $2" in
            "get secret"|"get namespace"|"-n "*|"wait "*|"drain "*|"delete node") exec fake-kubectl-objects "$@" ;;
            # /readyz: ok once initialised, unless the test broke the API server (fake/apiserver-down on the control plane).
            "get --raw") [ -f "$C/initialized" ] && [ ! -f "$R/fake/apiserver-down" ] && echo ok ;;
            "get nodes")
                mkdir -p "$C/polls"
                for f in "$C/nodes"/*; do
                    # A node turns Ready on the second look after flannel is applied, so waiting is exercised.
                    status=NotReady
                    if [ -f "$C/applied/flannel.yaml" ]; then
                        polls=$(( $(cat "$C/polls/$(basename "$f")" 2> /dev/null || echo 0) + 1 ))
                        echo "$polls" > "$C/polls/$(basename "$f")"
                        [ "$polls" -lt 2 ] || status=Ready
                    fi
                    echo "$(basename "$f")   $status   <none>   1m   v1.36.1"
                done ;;
            "get node")
                if [ -f "$R/fake/get-node-fails" ]; then echo "Unable to connect to the server: net/http: TLS handshake timeout" >&2; exit 1; fi
                if [ -f "$C/registering/$3" ]; then
                    looks=$(( $(cat "$C/registering/$3") + 1 ))
                    if [ "$looks" -ge 2 ]; then rm "$C/registering/$3"; touch "$C/nodes/$3"; else echo "$looks" > "$C/registering/$3"; fi
                fi
                if [ "${4:-}" = --ignore-not-found ]; then
                    if [ -f "$C/nodes/$3" ]; then echo "node/$3"; fi
                    exit 0
                fi
                [ -f "$C/nodes/$3" ] || { echo "Error from server (NotFound): nodes \"$3\" not found" >&2; exit 1; }
                if [ "${4:-}" = -o ] && [ -f "$C/taints/$3" ]; then printf 'node-role.kubernetes.io/control-plane'; fi ;;
            "taint nodes") rm -f "$C/taints/$3"; change taint "$3" "$4" ;;
            "apply -f")
                mkdir -p "$C/applied"; cp "$3" "$C/applied/$(basename "$3")"
                fake-kubectl-objects apply -f - < "$3" > /dev/null
                change apply "$3" ;;
            # A manifest file goes through the object store: same exit codes as the real diff (0 / 1 / 2 on NotFound).
            "diff -f") exec fake-kubectl-objects diff -f - < "$3" ;;
            *) echo "fake kubectl: unsupported $*" >&2; exit 99 ;;
            esac
            """,
        // FAKE containerd: `--version` as containerd 2.1 prints it (fake/containerd-version overrides), and `config dump`
        // as a merge of the file's keys over the version 3 CRI defaults as containerd 2.1's dump prints them
        // ([plugins.'io.containerd.cri.v1.runtime'.cni] bin_dirs = ['/opt/cni/bin'], conf_dir = '/etc/cni/net.d';
        // bin_dir "deprecated since v2.1", per containerd's config docs; pinned_images sandbox). Only the keys bootstrap
        // sets are modelled; a version 2 file read by 2.x is migrated by the real daemon, modelled by reading the same keys.
        ["containerd"] = """
            v=$(cat "$R/fake/containerd-version" 2> /dev/null || echo 2.1.4)
            case "$1" in
            --version) echo "containerd github.com/containerd/containerd/v${v%%.*} v$v 75cb2b7193e4e490e9fbdc236c0e811ccaba3376" ;;
            config)
                [ "$2" = dump ] || { echo "fake containerd: unsupported $*" >&2; exit 99; }
                f="$R/etc/containerd/config.toml"
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
            """,
        // Run by the fixture (not on the node) between killing and restarting sshd: what a boot changes.
        ["fake-boot"] = """
            tr -d '-' < /proc/sys/kernel/random/uuid > "$R/proc/sys/kernel/random/boot_id"
            if grep -qw 'root=/dev/mmcblk0p2' "$R/media/mmcblk0p1/cmdline.txt"; then
                awk '$2 != "/"' "$R/proc/mounts" > "$R/fake/mounts.tmp"
                { echo "/dev/mmcblk0p2 / ext4 rw,relatime 0 0"; cat "$R/fake/mounts.tmp"; } > "$R/proc/mounts"
            fi
            rm -rf "$R/run/openrc/started"
            mkdir -p "$R/run/openrc/started"
            # A fresh kernel: / is private until something makes it shared.
            sed -i 's| shared:[0-9]* - | - |' "$R/proc/self/mountinfo"
            for level in boot default; do
                for f in "$R/etc/runlevels/$level"/*; do
                    [ -L "$f" ] || continue
                    svc=$(basename "$f")
                    if [ -f "$R/etc/init.d/$svc" ]; then ( ebegin() { :; }; eend() { return "$1"; }; PATH="$(dirname "$0"):$PATH"; . "$R/etc/init.d/$svc"; start ); fi
                    touch "$R/run/openrc/started/$svc"
                done
            done
            change
            """,
    };

    /// <summary>Writes the fakes into the node's fakebin and lays out a freshly carded, diskless Alpine root.</summary>
    public static void Install(TestNode node)
    {
        FakeTools.Write(node.FakeBin, "fake-kubectl-objects", FakeKubectl.Script);
        foreach (var (name, body) in Scripts)
        {
            var path = Path.Combine(node.FakeBin, name);
            File.WriteAllText(path, Header + body.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        var root = node.Root;
        Write(root, "etc/hostname", node.Name + "\n");
        Write(root, "etc/apk/repositories", "/media/mmcblk0p1/apks\nhttps://dl-cdn.alpinelinux.org/alpine/v3.24/main\n");
        Write(root, "etc/apk/world", "alpine-base\nchrony\ne2fsprogs\nopenssh\n");
        Write(root, "etc/fstab", "/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/sda2\tnone\tswap\tsw 0 0\n");
        Write(root, "etc/local.d/rshared.start", "#!/bin/sh\nmount --make-rshared /\n");
        Write(root, "etc/ssh/sshd_config", "PermitRootLogin prohibit-password\n");
        Write(root, "etc/ssh/ssh_host_ed25519_key", "private\n");
        Write(root, "etc/ssh/ssh_host_ed25519_key.pub", "public\n");
        Directory.CreateDirectory(Path.Combine(root, "etc/runlevels/default"));
        foreach (var svc in new[] { "local", "networking", "sshd" })
        {
            File.CreateSymbolicLink(Path.Combine(root, "etc/runlevels/default", svc), "/etc/init.d/" + svc);
        }
        Write(root, "proc/mounts", "tmpfs / tmpfs rw,relatime 0 0\n/dev/mmcblk0p1 /media/mmcblk0p1 vfat ro,relatime 0 0\n");
        Write(root, "proc/self/mountinfo", "22 1 0:21 / / rw,relatime - tmpfs rootfs rw\n24 22 179:1 / /media/mmcblk0p1 ro,relatime - vfat /dev/mmcblk0p1 ro\n");
        Write(root, "proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/sda2\tpartition\t1048572\t\t0\t\t-2\n");
        Write(root, "proc/sys/kernel/random/boot_id", Guid.NewGuid().ToString("N") + "\n");
        Write(root, "proc/sys/net/ipv4/ip_forward", "0\n");
        Write(root, "media/mmcblk0p1/cmdline.txt", "modules=loop,squashfs,sd-mod,usb-storage quiet console=tty1 cgroup_enable=memory cgroup_memory=1");
        Write(root, "media/mmcblk0p1/boot/vmlinuz-rpi", "release kernel\n");
        // The release tarball's firmware files at p1's root, and the card's overlay (alpine-rpi tarball layout).
        Write(root, "media/mmcblk0p1/bcm2711-rpi-4-b.dtb", "release dtb\n");
        Write(root, "media/mmcblk0p1/overlays/vc4-kms-v3d.dtbo", "release overlay\n");
        Write(root, "media/mmcblk0p1/start4.elf", "release firmware\n");
        Write(root, $"media/mmcblk0p1/{node.Name}.apkovl.tar.gz", "overlay with the host private key\n");
        // setup-disk's is_rpi reads this.
        Write(root, "proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.5\0");
        Write(root, "fake/calls.log", "");
        Write(root, "fake/changes.log", "");
    }

    public static string[] Changes(TestNode node) =>
        File.ReadAllLines(Path.Combine(node.Root, "fake/changes.log"));

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
