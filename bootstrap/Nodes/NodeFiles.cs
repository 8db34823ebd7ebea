namespace PiCluster.Bootstrap.Nodes;

/// <summary>Files the nodes phase writes, with their exact content (so checks compare hashes).</summary>
public static class NodeFiles
{
    public const string ModulesPath = "/etc/modules-load.d/kubernetes.conf";

    public static readonly IReadOnlyList<string> Modules = ["overlay", "br_netfilter"];

    public static string ModulesConf => string.Concat(Modules.Select(m => m + "\n"));

    public const string SysctlPath = "/etc/sysctl.d/99-kubernetes.conf";

    public static readonly IReadOnlyList<(string Key, string Value)> Sysctls =
    [
        ("net.bridge.bridge-nf-call-ip6tables", "1"),
        ("net.bridge.bridge-nf-call-iptables", "1"),
        ("net.ipv4.ip_forward", "1"),
    ];

    public static string SysctlConf => "# Written by picluster bootstrap: kubelet, kube-proxy and flannel need these.\n" +
        string.Concat(Sysctls.Select(s => $"{s.Key} = {s.Value}\n"));

    /// <summary>The SD card: p1 FAT boot files (mounted by Alpine at /media/mmcblk0p1), p2 the system disk.</summary>
    public const string BootPartition = "/dev/mmcblk0p1";

    public const string BootMount = "/media/mmcblk0p1";

    public const string SystemPartition = "/dev/mmcblk0p2";

    /// <summary>apk runs executables in commit_hooks.d before and after every commit (apk(8)); this one syncs p1's firmware.</summary>
    public const string BootFirmwareHook = "/etc/apk/commit_hooks.d/picluster-boot-firmware";

    /// <summary>
    /// Left by the hook when a sync fails (apk ignores a failing post-commit hook): what failed and when. The boot-firmware
    /// check reports it until a sync succeeds; a status command reads it too. Must match boot-firmware-sync.sh.
    /// </summary>
    public const string BootFirmwareSyncFailed = "/var/lib/picluster/boot-firmware-sync.failed";

    public static string BootFirmwareHookText => Scripts.NodeScripts.Read(Scripts.NodeScripts.BootFirmwareSync, keepShebang: true);

    /// <summary>The OpenRC service that makes / shared before containerd and the kubelet start.</summary>
    public const string RsharedService = "/etc/init.d/rshared";

    public static string RsharedServiceText => Scripts.NodeScripts.Read(Scripts.NodeScripts.RsharedService, keepShebang: true);

    /// <summary>The card's first-boot script for the same purpose; it runs after the default runlevel, too late.</summary>
    public const string RsharedLocalScript = "/etc/local.d/rshared.start";

    /// <summary>Where flannel's install-cni writes the conflist and containerd's CRI looks for it.</summary>
    public const string CniConfDir = "/etc/cni/net.d";
}
