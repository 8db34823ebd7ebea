using PiCluster.Bootstrap.Card;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;
using PiCluster.Render;

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
        Upgrade.KubernetesPackages.RepositoryStep(Upgrade.KubernetesPackages.Branch(cluster)),
        SystemDisk,
        new RebootStep(inputs),
        ApkovlRemoval,
        BootFirmware,
        Packages(cluster.Kubernetes, new AlpineRelease(cluster.Bootstrap.AlpineVersion)),
        ContainerdConfig(cluster),
        KernelModules,
        Sysctls,
        MachineId,
        SwapOff,
        MountPropagation,
        Services,
        KubeletLogRotation.Step,
    ];

    /// <summary>chronyd enabled and synced; see bootstrap/Scripts/time-sync.sh.</summary>
    public static readonly ScriptStep TimeSync = NodeScripts.Step("time-sync", NodeScripts.TimeSync, [], actionTimeout: TimeSpan.FromMinutes(3));

    public static ScriptStep CommunityRepository(AlpineRelease release) =>
        NodeScripts.Step("community-repository", NodeScripts.CommunityRepository,
            [], [("REPOSITORY", $"{AlpineRelease.DefaultMirror}/{release.Branch}/community")], TimeSpan.FromMinutes(5));

    /// <summary>
    /// Formats p2, installs the running system onto it (setup-disk -m sys, see bootstrap/Scripts/system-disk.sh for why
    /// with FORCE_BOOTFS), copies its boot files onto p1 and points fstab and cmdline.txt at it. cmdline.txt is edited
    /// last: until then the card still boots diskless, so a failure midway leaves a bootable node and a rerun starts
    /// over. The apkovl stays on p1 until p2 has booted (<see cref="ApkovlRemoval"/>).
    /// </summary>
    public static readonly ScriptStep SystemDisk = NodeScripts.Step("system-disk", NodeScripts.SystemDisk,
        [("BOOT_PARTITION", NodeFiles.BootPartition), ("BOOT_MOUNT", NodeFiles.BootMount), ("SYSTEM_PARTITION", NodeFiles.SystemPartition)],
        actionTimeout: TimeSpan.FromMinutes(20));

    /// <summary>
    /// After the reboot: the card's apkovl (it holds the host private key, readable on FAT) leaves p1, once / is p2. Until
    /// then it is the way back to a diskless node with SSH if the first boot from p2 fails (bootstrap/Scripts/apkovl-removal.sh).
    /// </summary>
    public static readonly ScriptStep ApkovlRemoval = NodeScripts.Step("apkovl-removal", NodeScripts.ApkovlRemoval,
        [("BOOT_MOUNT", NodeFiles.BootMount), ("SYSTEM_PARTITION", NodeFiles.SystemPartition)]);

    /// <summary>
    /// The node packages, Kubernetes pinned to the model's minor. An Alpine branch carries one Kubernetes minor
    /// (aports community/kubernetes/APKBUILD: one pkgver, no versioned package names), so the action first asks the
    /// repository what it offers (`apk policy`, format of alpinelinux/apk-tools src/app_policy.c) and stops with the
    /// release, the minor and the offer instead of apk's "breaks: world[kubeadm~1.36]".
    /// </summary>
    public static ScriptStep Packages(KubernetesSettings kubernetes, AlpineRelease release)
    {
        var minor = NodePackages.Minor(kubernetes);
        return NodeScripts.Step("packages", NodeScripts.NodePackages,
        [
            ("PINNED", string.Join(' ', NodePackages.Kubernetes)),
            ("PACKAGES", string.Join(' ', NodePackages.Names)),
            ("CONSTRAINTS", string.Join(' ', NodePackages.Constraints(kubernetes))),
            ("MINOR", minor),
            ("MINOR_PATTERN", Upgrade.KubernetesVersion.EscapeMinor(minor)),
            ("TAG", Upgrade.KubernetesPackages.Tag),
            ("ALPINE_BRANCH", kubernetes.PackageBranch ?? release.Branch),
            ("KUBERNETES_VERSION", kubernetes.Version),
        ], actionTimeout: TimeSpan.FromMinutes(20));
    }

    /// <summary>
    /// containerd's CRI settings (CNI dirs, cgroupfs, kubeadm's sandbox image), compared by content so a patch upgrade
    /// of containerd or kubeadm changes nothing; containerd older than 2.0 is refused for Kubernetes 1.36 and later. See
    /// bootstrap/Scripts/containerd-config.sh.
    /// </summary>
    public static ScriptStep ContainerdConfig(ClusterDefinition cluster) =>
        NodeScripts.Step("containerd-config", NodeScripts.ContainerdConfig,
        [
            ("CNI_BIN_DIR", cluster.Services.Flannel.CniBinDir),
            ("CNI_CONF_DIR", NodeFiles.CniConfDir),
            ("KUBERNETES_MINOR", NodePackages.Minor(cluster.Kubernetes)),
        ], actionTimeout: TimeSpan.FromMinutes(3));

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
                $"[ \"$(stat -c '%u:%g %a' \"$ROOT\"{ShellWords.Quote(v.Path)} 2> /dev/null)\" = '{v.OwnerUid}:{v.OwnerGid} {Mode(v)}' ] || exit 1")),
            string.Join("\n", lines.Select(v =>
                $"mkdir -p \"$ROOT\"{ShellWords.Quote(v.Path)}\n" +
                $"chown {v.OwnerUid}:{v.OwnerGid} \"$ROOT\"{ShellWords.Quote(v.Path)}\n" +
                $"chmod {Mode(v)} \"$ROOT\"{ShellWords.Quote(v.Path)}")));
    }

    /// <summary>overlay and br_netfilter loaded and listed for boot; see bootstrap/Scripts/kernel-modules.sh.</summary>
    public static readonly ScriptStep KernelModules = NodeScripts.Step("kernel-modules", NodeScripts.KernelModules,
    [
        ("MODULES", string.Join(' ', NodeFiles.Modules)),
        ("MODULES_DIR", Path.GetDirectoryName(NodeFiles.ModulesPath)!),
        ("MODULES_FILE", NodeFiles.ModulesPath),
        ("MODULES_SHA256", NodeShell.Sha256(NodeFiles.ModulesConf)),
    ]);

    /// <summary>The bridge and forwarding sysctls, applied and written for boot; see bootstrap/Scripts/sysctls.sh.</summary>
    public static readonly ScriptStep Sysctls = NodeScripts.Step("sysctls", NodeScripts.Sysctls,
    [
        ("SYSCTL_DIR", Path.GetDirectoryName(NodeFiles.SysctlPath)!),
        ("SYSCTL_FILE", NodeFiles.SysctlPath),
        ("SYSCTL_SHA256", NodeShell.Sha256(NodeFiles.SysctlConf)),
        ("SYSCTL_VALUES", string.Join(' ', NodeFiles.Sysctls.Select(s => $"{s.Key.Replace('.', '/')}={s.Value}"))),
    ],
    [("SYSCTL_CONF", NodeFiles.SysctlConf.TrimEnd('\n'))]);

    /// <summary>Alpine has no machine-id; kubelet and flannel need one that differs on every node, so each node draws its own.</summary>
    public static readonly ScriptStep MachineId = new(
        "machine-id",
        """
        grep -Eqx '[0-9a-f]{32}' "$ROOT/etc/machine-id" 2> /dev/null || exit 1
        """,
        """
        tr -d '-' < /proc/sys/kernel/random/uuid > "$ROOT/etc/machine-id"
        """);

    /// <summary>No swap now or after a reboot (the kubelet refuses it); see bootstrap/Scripts/swap-off.sh.</summary>
    public static readonly ScriptStep SwapOff = NodeScripts.Step("swap-off", NodeScripts.SwapOff, []);

    /// <summary>
    /// / as a shared mount from an OpenRC service ordered before containerd and the kubelet (bootstrap/Scripts/rshared.initd),
    /// replacing the card's local.d script, which ran too late; shared now, and on every boot.
    /// </summary>
    public static readonly ScriptStep MountPropagation = NodeScripts.Step("mount-propagation", NodeScripts.MountPropagation,
    [
        ("SERVICE_FILE", NodeFiles.RsharedService),
        ("SERVICE_SHA256", NodeShell.Sha256(NodeFiles.RsharedServiceText)),
        ("LOCAL_SCRIPT", NodeFiles.RsharedLocalScript),
    ],
    [("SERVICE_TEXT", NodeFiles.RsharedServiceText.TrimEnd('\n'))]);

    /// <summary>
    /// Device trees, overlays and firmware at p1's root follow /boot (= p1/boot) after every apk upgrade: an apk commit
    /// hook (bootstrap/Scripts/boot-firmware-sync.sh) copies what changed; the step installs it and runs it once.
    /// </summary>
    public static readonly ScriptStep BootFirmware = NodeScripts.Step("boot-firmware", NodeScripts.BootFirmware,
    [
        ("HOOK_DIR", Path.GetDirectoryName(NodeFiles.BootFirmwareHook)!),
        ("HOOK_FILE", NodeFiles.BootFirmwareHook),
        ("HOOK_SHA256", NodeShell.Sha256(NodeFiles.BootFirmwareHookText)),
    ],
    [("HOOK_TEXT", NodeFiles.BootFirmwareHookText.TrimEnd('\n'))]);

    /// <summary>containerd and the kubelet enabled, containerd started; see bootstrap/Scripts/node-services.sh.</summary>
    public static readonly ScriptStep Services = NodeScripts.Step("services", NodeScripts.NodeServices, []);
}
