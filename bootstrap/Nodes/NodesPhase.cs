using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Nodes;

/// <summary>
/// <c>bootstrap nodes</c>: turns a freshly carded, diskless Alpine Pi into a kubeadm-ready node. All nodes run in
/// parallel. Order: clock first (TLS to the mirror and later to the API server needs it), then the move to the
/// system disk, so every later change lands on the persistent root instead of the diskless RAM root.
/// </summary>
public sealed class NodesPhase : IBootstrapPhase
{
    public const string PhaseName = "nodes";

    public string Name => PhaseName;

    public IReadOnlyList<PlanStage> Stages(PhaseInputs inputs) =>
        [new PlanStage(PhaseName, [.. inputs.Cluster.Nodes.Select(n => new NodeWork(n, Steps(inputs.Cluster, inputs, n)))])];

    /// <summary>The steps of one node: the common ones, plus what the model puts on that node (local volumes).</summary>
    public static IReadOnlyList<NodeStep> Steps(ClusterDefinition cluster, PhaseInputs inputs, Node node)
    {
        var volumes = NodeLocalPaths.Of(cluster).Where(v => v.Node == node.Name).ToList();
        return volumes.Count == 0 ? Steps(cluster, inputs) : [.. Steps(cluster, inputs), LocalVolumes(volumes)];
    }

    public static IReadOnlyList<NodeStep> Steps(ClusterDefinition cluster, PhaseInputs inputs) =>
    [
        TimeSync,
        CommunityRepository(new AlpineRelease(cluster.Bootstrap.AlpineVersion)),
        SystemDisk,
        new RebootStep(inputs),
        BootFirmware,
        Packages(cluster.Kubernetes, new AlpineRelease(cluster.Bootstrap.AlpineVersion)),
        ContainerdConfig(cluster),
        KernelModules,
        Sysctls,
        MachineId,
        SwapOff,
        MountPropagation,
        Services,
    ];

    public static readonly ScriptStep TimeSync = new(
        "time-sync",
        """
        rc-update show default | grep -qw chronyd || exit 1
        chronyc -n tracking | grep -q '^Leap status *: Normal' || exit 1
        """,
        """
        rc-update add chronyd default
        rc-service chronyd start
        # Up to 60 polls 2 s apart until the clock is within 1 s; kubeadm's TLS bootstrap fails on a skewed clock.
        chronyc -n waitsync 60 1 0 2
        """,
        TimeSpan.FromMinutes(3));

    public static ScriptStep CommunityRepository(AlpineRelease release)
    {
        var line = $"{AlpineRelease.DefaultMirror}/{release.Branch}/community";
        return new ScriptStep(
            "community-repository",
            """
            grep -Eq '^[^#]*/community/?$' "$ROOT/etc/apk/repositories" || exit 1
            """,
            $$"""
            echo '{{line}}' >> "$ROOT/etc/apk/repositories"
            apk update
            """,
            TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// Formats p2, installs the running system onto it (setup-disk -m sys, see bootstrap/Scripts/system-disk.sh for why
    /// with FORCE_BOOTFS), copies its boot files onto p1 and points fstab and cmdline.txt at it. cmdline.txt is edited
    /// last: until then the card still boots diskless, so a failure midway leaves a bootable node and a rerun starts
    /// over. Then the apkovl (it holds the host private key) is removed from p1.
    /// </summary>
    public static readonly ScriptStep SystemDisk = new(
        "system-disk",
        $$"""
        grep -qw 'root={{NodeFiles.SystemPartition}}' "$ROOT{{NodeFiles.BootMount}}/cmdline.txt" || exit 1
        if ls "$ROOT{{NodeFiles.BootMount}}"/*.apkovl.tar.gz > /dev/null 2>&1; then exit 1; fi
        """,
        NodeScripts.With(NodeScripts.SystemDisk,
            ("BOOT_PARTITION", NodeFiles.BootPartition), ("BOOT_MOUNT", NodeFiles.BootMount), ("SYSTEM_PARTITION", NodeFiles.SystemPartition)),
        TimeSpan.FromMinutes(20));

    /// <summary>
    /// The node packages, Kubernetes pinned to the model's minor. An Alpine branch carries one Kubernetes minor
    /// (aports community/kubernetes/APKBUILD: one pkgver, no versioned package names), so the action first asks the
    /// repository what it offers (`apk policy`, format of alpinelinux/apk-tools src/app_policy.c) and stops with the
    /// release, the minor and the offer instead of apk's "breaks: world[kubeadm~1.36]".
    /// </summary>
    public static ScriptStep Packages(KubernetesSettings kubernetes, AlpineRelease release)
    {
        var minor = NodePackages.Minor(kubernetes);
        var escapedMinor = minor.Replace(".", "\\.", StringComparison.Ordinal);
        var pinned = string.Join(' ', NodePackages.Kubernetes);
        var names = string.Join(' ', NodePackages.Names);
        var constraints = string.Join(' ', NodePackages.Constraints(kubernetes).Select(c => $"'{c}'"));
        var refusal = $"Alpine {release.Branch} offers kubeadm $offered but KubernetesSettings.Version {kubernetes.Version} needs {minor}.x: " +
            $"set Version to an offered minor, or BootstrapSettings.AlpineVersion to a release that carries {minor}.";
        return new ScriptStep(
            "packages",
            $$"""
            # apk records a fuzzy pin in /etc/apk/world as "name=~1.36" (older apk-tools) or "name~1.36".
            for p in {{pinned}}; do
                grep -Eqx "$p(=~|~){{escapedMinor}}" "$ROOT/etc/apk/world" || exit 1
            done
            apk info -e {{names}} > /dev/null || exit 1
            kubeadm version -o short | grep -q '^v{{escapedMinor}}\.' || exit 1
            """,
            $$"""
            apk update
            offered=$(apk policy kubeadm | sed -n 's/^  \([^ ]*\):$/\1/p' | sort -u | tr '\n' ' ')
            if ! echo "$offered" | tr ' ' '\n' | grep -q '^{{escapedMinor}}\.'; then
                offered=${offered:-nothing}
                echo "{{refusal}}" >&2
                exit 2
            fi
            apk add {{constraints}}
            """,
            TimeSpan.FromMinutes(20));
    }

    /// <summary>containerd's CRI settings (CNI dirs, cgroupfs, kubeadm's sandbox image); see bootstrap/Scripts/containerd-config.sh.</summary>
    public static ScriptStep ContainerdConfig(ClusterDefinition cluster)
    {
        (string, object)[] parameters = [("CNI_BIN_DIR", cluster.Services.Flannel.CniBinDir), ("CNI_CONF_DIR", NodeFiles.CniConfDir)];
        return new ScriptStep(
            "containerd-config",
            NodeScripts.With(NodeScripts.ContainerdConfig, [("MODE", "check"), .. parameters]),
            NodeScripts.With(NodeScripts.ContainerdConfig, [("MODE", "apply"), .. parameters]),
            TimeSpan.FromMinutes(3));
    }

    /// <summary>
    /// The node-local directories the model declares for this node (<see cref="NodeLocalPaths"/>, e.g. Prometheus's
    /// TSDB on pi1), with the owner and mode the workload runs as: a local PersistentVolume never creates its path.
    /// </summary>
    public static ScriptStep LocalVolumes(IReadOnlyList<LocalVolume> volumes)
    {
        static string Mode(LocalVolume v) => Convert.ToString(Convert.ToInt32(v.Mode, 8), 8);
        var lines = volumes.OrderBy(v => v.Path, StringComparer.Ordinal).ToList();
        return new ScriptStep(
            "local-volumes",
            string.Join("\n", lines.Select(v =>
                $"[ \"$(stat -c '%u:%g %a' \"$ROOT\"{ShellText.Quote(v.Path)} 2> /dev/null)\" = '{v.OwnerUid}:{v.OwnerGid} {Mode(v)}' ] || exit 1")),
            string.Join("\n", lines.Select(v =>
                $"mkdir -p \"$ROOT\"{ShellText.Quote(v.Path)}\n" +
                $"chown {v.OwnerUid}:{v.OwnerGid} \"$ROOT\"{ShellText.Quote(v.Path)}\n" +
                $"chmod {Mode(v)} \"$ROOT\"{ShellText.Quote(v.Path)}")));
    }

    public static readonly ScriptStep KernelModules = new(
        "kernel-modules",
        $$"""
        [ "$(sha256sum "$ROOT{{NodeFiles.ModulesPath}}" 2> /dev/null | cut -d ' ' -f 1)" = {{NodeShell.Sha256(NodeFiles.ModulesConf)}} ] || exit 1
        for m in {{string.Join(' ', NodeFiles.Modules)}}; do
            [ -d "$ROOT/sys/module/$m" ] || exit 1
        done
        """,
        $$"""
        mkdir -p "$ROOT{{Path.GetDirectoryName(NodeFiles.ModulesPath)}}"
        printf '%s\n' {{string.Join(' ', NodeFiles.Modules)}} > "$ROOT{{NodeFiles.ModulesPath}}"
        for m in {{string.Join(' ', NodeFiles.Modules)}}; do
            modprobe "$m"
        done
        """);

    public static readonly ScriptStep Sysctls = new(
        "sysctls",
        $$"""
        [ "$(sha256sum "$ROOT{{NodeFiles.SysctlPath}}" 2> /dev/null | cut -d ' ' -f 1)" = {{NodeShell.Sha256(NodeFiles.SysctlConf)}} ] || exit 1
        {{string.Join("\n", NodeFiles.Sysctls.Select(s => $"[ \"$(cat \"$ROOT/proc/sys/{s.Key.Replace('.', '/')}\" 2> /dev/null)\" = {s.Value} ] || exit 1"))}}
        """,
        $$"""
        mkdir -p "$ROOT{{Path.GetDirectoryName(NodeFiles.SysctlPath)}}"
        cat > "$ROOT{{NodeFiles.SysctlPath}}" << 'EOF'
        {{NodeFiles.SysctlConf.TrimEnd('\n')}}
        EOF
        sysctl -p "$ROOT{{NodeFiles.SysctlPath}}"
        """);

    /// <summary>Alpine has no machine-id; kubelet and flannel need one that differs on every node, so each node draws its own.</summary>
    public static readonly ScriptStep MachineId = new(
        "machine-id",
        """
        grep -Eqx '[0-9a-f]{32}' "$ROOT/etc/machine-id" 2> /dev/null || exit 1
        """,
        """
        tr -d '-' < /proc/sys/kernel/random/uuid > "$ROOT/etc/machine-id"
        """);

    public static readonly ScriptStep SwapOff = new(
        "swap-off",
        """
        [ "$(awk 'NR > 1' "$ROOT/proc/swaps" | wc -l)" -eq 0 ] || exit 1
        if [ -f "$ROOT/etc/fstab" ] && awk '$1 !~ /^#/ && $3 == "swap" { found = 1 } END { exit !found }' "$ROOT/etc/fstab"; then
            exit 1
        fi
        """,
        """
        swapoff -a
        if [ -f "$ROOT/etc/fstab" ]; then
            sed -i '/^[^#]*[[:space:]]swap[[:space:]]/d' "$ROOT/etc/fstab"
        fi
        """);

    /// <summary>
    /// / as a shared mount from an OpenRC service ordered before containerd and the kubelet (bootstrap/Scripts/rshared.initd),
    /// replacing the card's local.d script, which ran too late; shared now, and on every boot.
    /// </summary>
    public static readonly ScriptStep MountPropagation = new(
        "mount-propagation",
        $$"""
        [ "$(sha256sum "$ROOT{{NodeFiles.RsharedService}}" 2> /dev/null | cut -d ' ' -f 1)" = {{NodeShell.Sha256(NodeFiles.RsharedServiceText)}} ] || exit 1
        rc-update show boot | grep -qw rshared || exit 1
        [ ! -e "$ROOT{{NodeFiles.RsharedLocalScript}}" ] || exit 1
        # Optional fields of the / line (before " - ") include shared:N when / propagates mounts.
        awk '$5 == "/" { for (i = 7; i <= NF && $i != "-"; i++) if ($i ~ /^shared:/) s = 1 } END { exit !s }' "$ROOT/proc/self/mountinfo" || exit 1
        """,
        $$"""
        mkdir -p "$ROOT/etc/init.d"
        cat > "$ROOT{{NodeFiles.RsharedService}}.tmp" << 'EOF'
        {{NodeFiles.RsharedServiceText.TrimEnd('\n')}}
        EOF
        chmod 0755 "$ROOT{{NodeFiles.RsharedService}}.tmp"
        mv -f "$ROOT{{NodeFiles.RsharedService}}.tmp" "$ROOT{{NodeFiles.RsharedService}}"
        rc-update add rshared boot
        rm -f "$ROOT{{NodeFiles.RsharedLocalScript}}"
        rc-service rshared start
        """);

    /// <summary>
    /// Device trees, overlays and firmware at p1's root follow /boot (= p1/boot) after every apk upgrade: an apk commit
    /// hook (bootstrap/Scripts/boot-firmware-sync.sh) copies what changed; the step installs it and runs it once.
    /// </summary>
    public static readonly ScriptStep BootFirmware = new(
        "boot-firmware",
        $$"""
        [ "$(sha256sum "$ROOT{{NodeFiles.BootFirmwareHook}}" 2> /dev/null | cut -d ' ' -f 1)" = {{NodeShell.Sha256(NodeFiles.BootFirmwareHookText)}} ] || exit 1
        sh "$ROOT{{NodeFiles.BootFirmwareHook}}" check
        """,
        $$"""
        mkdir -p "$ROOT{{Path.GetDirectoryName(NodeFiles.BootFirmwareHook)}}"
        cat > "$ROOT{{NodeFiles.BootFirmwareHook}}.tmp" << 'EOF'
        {{NodeFiles.BootFirmwareHookText.TrimEnd('\n')}}
        EOF
        chmod 0755 "$ROOT{{NodeFiles.BootFirmwareHook}}.tmp"
        mv -f "$ROOT{{NodeFiles.BootFirmwareHook}}.tmp" "$ROOT{{NodeFiles.BootFirmwareHook}}"
        sh "$ROOT{{NodeFiles.BootFirmwareHook}}" sync
        """);

    public static readonly ScriptStep Services = new(
        "services",
        """
        for svc in containerd kubelet; do
            rc-update show default | grep -qw "$svc" || exit 1
        done
        rc-service containerd status > /dev/null 2>&1 || exit 1
        """,
        """
        rc-update add containerd default
        rc-update add kubelet default
        rc-service containerd start
        """);
}
