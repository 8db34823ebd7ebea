using System.Text;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;

namespace PiCluster.Bootstrap.Card;

/// <summary>The node's SSH host key pair in OpenSSH file format.</summary>
/// <param name="Type">Key type as written in known_hosts, e.g. "ssh-ed25519".</param>
/// <param name="PublicKeyBase64">The key blob, the second field of the .pub file.</param>
public sealed record NodeHostKey(string Type, string PrivateKeyFile, string PublicKeyFile, string PublicKeyBase64)
{
    /// <summary>File name under /etc/ssh, e.g. "ssh_host_ed25519_key".</summary>
    public string FileName => $"ssh_host_{Type.Replace("ssh-", "", StringComparison.Ordinal)}_key";
}

/// <summary>
/// Builds the files of a node's first-boot apkovl (<c>&lt;node&gt;.apkovl.tar.gz</c>) from the cluster definition.
/// Pure: records and key text in, entries out.
/// </summary>
public static class NodeOverlay
{
    /// <summary>Installed at first boot from the card's apks/ repository, so only packages the tarball ships.</summary>
    public static readonly IReadOnlyList<string> WorldPackages = ["alpine-base", "chrony", "e2fsprogs", "openssh"];

    /// <summary>Services added to the default runlevel; the boot/sysinit ones come from .default_boot_services.</summary>
    public static readonly IReadOnlyList<string> DefaultRunlevel = ["chronyd", "local", "networking", "sshd"];

    public static IReadOnlyList<OverlayEntry> Build(
        ClusterDefinition cluster,
        Node node,
        string authorizedKeys,
        NodeHostKey hostKey)
    {
        var release = new AlpineRelease(cluster.Bootstrap.AlpineVersion);
        var entries = new List<OverlayEntry>
        {
            OverlayEntry.Dir("etc", Octal.Dir),
            // Without this marker the initramfs skips the default sysinit/boot services when an apkovl is present.
            OverlayEntry.Text("etc/.default_boot_services", Octal.File, ""),
            OverlayEntry.Text("etc/hostname", Octal.File, node.Name + "\n"),
            OverlayEntry.Text("etc/hosts", Octal.File, Hosts(cluster)),
            OverlayEntry.Dir("etc/network", Octal.Dir),
            OverlayEntry.Text("etc/network/interfaces", Octal.File, Interfaces(cluster.Network, node)),
            OverlayEntry.Text("etc/resolv.conf", Octal.File, ResolvConf(cluster.Network)),
            OverlayEntry.Dir("etc/apk", Octal.Dir),
            OverlayEntry.Text("etc/apk/world", Octal.File, string.Concat(WorldPackages.Order(StringComparer.Ordinal).Select(p => p + "\n"))),
            OverlayEntry.Text("etc/apk/repositories", Octal.File, Repositories(release)),
            OverlayEntry.Dir("etc/chrony", Octal.Dir),
            OverlayEntry.Text("etc/chrony/chrony.conf", Octal.File, ChronyConf),
            OverlayEntry.Dir("etc/ssh", Octal.Dir),
            OverlayEntry.Text("etc/ssh/sshd_config", Octal.File, SshdConfig(hostKey)),
            OverlayEntry.Text($"etc/ssh/{hostKey.FileName}", Octal.PrivateFile, hostKey.PrivateKeyFile),
            OverlayEntry.Text($"etc/ssh/{hostKey.FileName}.pub", Octal.File, hostKey.PublicKeyFile),
            OverlayEntry.Dir("etc/local.d", Octal.Dir),
            OverlayEntry.Text("etc/local.d/rshared.start", Octal.Executable, RsharedScript),
            OverlayEntry.Dir("etc/runlevels", Octal.Dir),
            OverlayEntry.Dir("etc/runlevels/default", Octal.Dir),
            OverlayEntry.Dir("root", Octal.PrivateDir),
            OverlayEntry.Dir("root/.ssh", Octal.PrivateDir),
            OverlayEntry.Text("root/.ssh/authorized_keys", Octal.PrivateFile, EnsureTrailingNewline(authorizedKeys)),
        };
        entries.AddRange(DefaultRunlevel.Select(svc => OverlayEntry.Link($"etc/runlevels/default/{svc}", $"/etc/init.d/{svc}")));
        return [.. entries.OrderBy(e => e.Path, StringComparer.Ordinal)];
    }

    public static string Hosts(ClusterDefinition cluster)
    {
        var text = new StringBuilder();
        text.Append("127.0.0.1\tlocalhost localhost.localdomain\n");
        text.Append("::1\tlocalhost localhost.localdomain\n");
        // Every node knows the others by name, so kubeadm and ssh work before cluster DNS exists.
        foreach (var other in cluster.Nodes)
        {
            text.Append(other.Address).Append('\t').Append(other.Name).Append('\n');
        }
        return text.ToString();
    }

    public static string Interfaces(Network network, Node node)
    {
        if (!Ipv4Cidr.TryParse(network.Subnet, out var subnet))
        {
            throw new BootstrapException($"Network subnet '{network.Subnet}' is not an IPv4 CIDR.");
        }
        return $"""
            auto lo
            iface lo inet loopback

            auto eth0
            iface eth0 inet static
            	address {node.Address}
            	netmask {Ipv4.Format(subnet.Mask)}
            	gateway {network.Gateway}
            	up ip link set dev eth0 promisc on

            """.ReplaceLineEndings("\n");
    }

    public static string ResolvConf(Network network) =>
        string.Concat(network.UpstreamDns.Select(dns => $"nameserver {dns}\n"));

    public static string Repositories(AlpineRelease release) =>
        $"/media/mmcblk0p1/apks\n{AlpineRelease.DefaultMirror}/{release.Branch}/main\n{AlpineRelease.DefaultMirror}/{release.Branch}/community\n";

    public const string ChronyConf =
        "# Written by picluster bootstrap. Pis have no RTC: step the clock freely until synced, then slew.\n" +
        "pool pool.ntp.org iburst\n" +
        "initstepslew 10 pool.ntp.org\n" +
        "makestep 1 -1\n" +
        "driftfile /var/lib/chrony/chrony.drift\n" +
        "rtcsync\n" +
        "cmdport 0\n";

    public static string SshdConfig(NodeHostKey hostKey) =>
        "# Written by picluster bootstrap: root logs in with a key only.\n" +
        $"HostKey /etc/ssh/{hostKey.FileName}\n" +
        "PermitRootLogin prohibit-password\n" +
        "PasswordAuthentication no\n" +
        "KbdInteractiveAuthentication no\n" +
        "PubkeyAuthentication yes\n" +
        "AuthorizedKeysFile .ssh/authorized_keys\n" +
        "Subsystem sftp internal-sftp\n";

    public const string RsharedScript =
        "#!/bin/sh\n" +
        "# Alpine mounts / private; kubelet mount propagation (CSI, node-exporter) needs it shared.\n" +
        "mount --make-rshared /\n";

    private static string EnsureTrailingNewline(string text) =>
        text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
