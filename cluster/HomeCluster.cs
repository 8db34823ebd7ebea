using PiCluster.Cluster.Model;

namespace PiCluster.Cluster;

/// <summary>
/// The home cluster: six Raspberry Pis on 192.168.50.0/24. Change the cluster by editing this file;
/// `dotnet run --project generators render` then rewrites rendered/ and the PR diff shows the YAML change.
/// </summary>
[AddressCatalog]
public static class HomeCluster
{
    /// <summary>The LAN NFS server every export lives on. An example: replace it with your server's address.</summary>
    public const string NfsServerAddress = "192.168.50.10";

    /// <summary>
    /// busybox:1.37.0's multi-arch index digest, as docker-library/repo-info repos/busybox/remote/1.37.0.md records it
    /// (OCI index, 17 platforms, linux/arm64 v8 among them); the same digest is pinned by independent repositories.
    /// </summary>
    public const string BusyboxDigest = "sha256:9db7b59979c38555a39def84a31fb98b5296952f9e3afd4f6f11f05b07adfab0";

    /// <summary>
    /// Images still pulled by tag alone, each with why: no upstream source records a digest for the tag (the registry
    /// itself has to be asked, and no repository pins one), and a digest copied from nowhere would be worse than a tag. Pin each once you have checked it (`crane digest IMAGE` or `docker buildx
    /// imagetools inspect IMAGE` on a machine with registry access); a test keeps this list equal to the tag-only images.
    /// </summary>
    public static IReadOnlyDictionary<string, string> UnpinnedImages { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ghcr.io/flannel-io/flannel:v0.28.9"] = "ghcr.io image; no upstream file or repository records the digest of this tag",
        ["ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3"] = "ghcr.io image; no upstream file or repository records the digest of this tag",
        ["ghcr.io/crazy-max/rtorrent-rutorrent:5.3.7-0.16.17-r1"] = "ghcr.io image; no upstream file or repository records the digest of this tag",
        ["jesec/flood:4.16.1"] = "Docker Hub, not an official image (docker-library/repo-info covers only those); no repository pins this tag's digest",
    };

    public static ClusterDefinition Definition { get; } = new(
        Name: "home-k8s",
        Network: new Network(
            Subnet: "192.168.50.0/24",
            Gateway: "192.168.50.1",
            UpstreamDns: ["192.168.50.1", "9.9.9.9"],
            LoadBalancerPool: new AddressRange("192.168.50.200", "192.168.50.250"),
            // .local is mDNS's (RFC 6762): macOS/iOS/avahi clients never ask AdGuard for it; "home.arpa" (RFC 8375) avoids that.
            Domain: "local"),
        Nodes:
        [
            new Node("pi0", "192.168.50.132", NodeRole.ControlPlane),
            new Node("pi1", "192.168.50.135", NodeRole.Worker),
            new Node("pi2", "192.168.50.85", NodeRole.Worker),
            new Node("pi3", "192.168.50.60", NodeRole.Worker),
            new Node("pi4", "192.168.50.36", NodeRole.Worker),
            new Node("pi5", "192.168.50.230", NodeRole.Worker),
        ],
        Nfs: new NfsServer(
            Address: NfsServerAddress,
            Exports:
            [
                // etcd snapshots + the PKI archive (every Secret, ca.key, sa.key): exported to the control plane alone.
                new NfsExport("backups", "/media/nfs/backups", Capacity: "500Gi", Clients: NfsClients.ControlPlane),
                new NfsExport("torrent", "/mnt/drobo-storage/docker-volumes/torrent", Capacity: "2Ti"),
                new NfsExport("adguard", "/mnt/drobo-storage/docker-volumes/adguard", Capacity: "5Gi"),
            ],
            // The address this definition shipped with: render warns while Address is still this value.
            PlaceholderAddress: "192.168.50.10"),
        Kubernetes: new KubernetesSettings(
            Version: "v1.36.1",
            PodCidr: "10.244.0.0/16",
            ServiceCidr: "10.96.0.0/12"),
        Git: new GitSource(
            Url: "ssh://git@github.com/home-lab/picluster.git",
            Branch: "main"),
        Bootstrap: new BootstrapSettings(
            AlpineVersion: "3.24.2",
            SshPublicKeyPath: "~/.ssh/id_ed25519.pub",
            // Not pinned yet: set to the hex from alpine-rpi-3.24.2-aarch64.tar.gz.sha256 once checked by hand.
            AlpineTarballSha256: null,
            MaxCardBytes: 256L * 1024 * 1024 * 1024,
            BootPartitionBytes: 1024L * 1024 * 1024,
            // `bootstrap backup pull` encrypts the nightly etcd backup to these public keys (age-keygen -y ~/.config/age/key.txt).
            BackupCopy: new BackupCopySettings(AgeRecipients: [], Keep: 7)),
        Services: new ClusterServices(
            Flannel: new Flannel(
                Namespace: "kube-flannel",
                Backend: "host-gw",
                CniBinDir: "/usr/libexec/cni",
                Image: new Image("ghcr.io/flannel-io/flannel", "v0.28.9"),
                CniPluginImage: new Image("ghcr.io/flannel-io/flannel-cni-plugin", "v1.9.1-flannel3")),
            MetalLb: new MetalLb(
                Namespace: "metallb-system",
                Chart: new HelmChart("https://metallb.github.io/metallb", "metallb", "0.16.1"),
                PoolName: "home-lan",
                SharedAddresses: []),
            Traefik: new Traefik(
                Namespace: "traefik",
                Chart: new HelmChart("https://traefik.github.io/charts", "traefik", "41.3.0"),
                Address: "192.168.50.234",
                DashboardHost: "traefik",
                DashboardAuthSecret: "traefik-dashboard-auth",
                TlsSecret: "picluster-tls"),
            Storage: new NfsStorage(
                StorageClassName: "nfs-static",
                MountOptions: ["nfsvers=4.1", "hard", "timeo=600", "retrans=2", "noatime"]),
            AdGuard: new AdGuardHome(
                Namespace: "adguard",
                // Digest pinned by several independent repositories for this exact tag (e.g. NixOS/podman configs found upstream).
                Image: new Image("adguard/adguardhome", "v0.107.79", "sha256:aba9e3bf0613be3ba3755e1fc311b126e2c24bec25e18b6483894a88283074f0"),
                DnsAddress: "192.168.50.240",
                CatchAllAddress: "192.168.50.249",
                Host: "adguard",
                Replicas: 1,
                Config: new NfsVolume("adguard", "conf"),
                // Query log + stats + filter lists; the kubelet evicts the pod above this, so leave room for a busy LAN.
                WorkSizeLimit: "2Gi",
                AdminUser: "admin",
                AdminSecret: "adguard-admin",
                UpstreamDns: ["https://dns.quad9.net/dns-query", "https://cloudflare-dns.com/dns-query"],
                BootstrapDns: ["9.9.9.9", "1.1.1.1"]),
            Torrent: new Torrent(
                Namespace: "torrent",
                Address: "192.168.50.245",
                Host: "torrent",
                Replicas: 1,
                PeerPort: 23340,
                Storage: new NfsVolume("torrent"),
                RtorrentImage: new Image("ghcr.io/crazy-max/rtorrent-rutorrent", "5.3.7-0.16.17-r1"),
                FloodImage: new Image("jesec/flood", "4.16.1"),
                // Index digest (linux/arm64 included) as docker-library/repo-info repos/busybox/remote/1.37.0.md records it.
                ShellImage: new Image("busybox", "1.37.0", BusyboxDigest),
                // The Traefik release the chart ships (41.3.0 → v3.7.11); digest as pinned upstream for this tag.
                AuthProxyImage: new Image("traefik", "v3.7.11", "sha256:5203c3f39ca70de6790d964624e042463ffbd57715bc82be155cf224c0dd5144"),
                PodHostname: "rtorrent",
                Uid: 1000,
                TerminationGracePeriodSeconds: 300,
                WebAuthSecret: "torrent-web-auth",
                ImagePullSecret: null),
            Monitoring: new Monitoring(
                Namespace: "monitoring",
                Chart: new HelmChart("https://prometheus-community.github.io/helm-charts", "kube-prometheus-stack", "88.5.3"),
                GrafanaHost: "grafana",
                GrafanaAdminSecret: "grafana-admin",
                GrafanaReplicas: 1,
                GrafanaPlugins: [],
                // The chart's bundled Kubernetes dashboards plus these files: nothing is fetched from grafana.com. To add a
                // community dashboard (e.g. dotdc/grafana-dashboards-kubernetes, Apache-2.0), commit its JSON under
                // cluster/Dashboards/ and name it here with its source; render checks size, JSON, uid and datasource inputs.
                Dashboards:
                [
                    new GrafanaDashboard("etcd-backup", "written for PiCluster (kube-state-metrics CronJob/Job series)"),
                ],
                Retention: "7d",
                RetentionSize: "4GB",
                // kube-prometheus-stack runs Prometheus as uid 1000 with fsGroup 2000 (chart default securityContext).
                PrometheusVolume: new LocalVolume(Node: "pi1", Path: "/var/lib/prometheus", Capacity: "5Gi", OwnerUid: 1000, OwnerGid: 2000, Mode: "0750"),
                // Alerts (and Flux's errors) go to an ntfy topic: `bootstrap secrets` asks for its URL (Secret monitoring/alert-receiver,
                // key credential). Or: new TelegramReceiver(ChatId: …), new EmailReceiver(To, From, "smtp.example.com:587", Username), new WebhookReceiver().
                AlertReceiver: new NtfyReceiver(),
                AlertReceiverSecret: "alert-receiver",
                // A dead-man's switch: name a Secret (key url) holding e.g. a healthchecks.io ping URL, and Alertmanager calls it every 5m.
                HeartbeatSecret: null),
            Dashboard: new ClusterDashboard(
                Namespace: "headlamp",
                Chart: new HelmChart("https://kubernetes-sigs.github.io/headlamp/", "headlamp", "0.45.0"),
                Host: "k8s",
                LoginServiceAccount: "headlamp-login",
                LoginClusterRole: "view"),
            EtcdBackup: new EtcdBackup(
                Namespace: "kube-system",
                EtcdRepository: "registry.k8s.io/etcd",
                // Runs as root with the cluster's PKI mounted: pinned by digest (see BusyboxDigest).
                ShellImage: new Image("busybox", "1.37.0", BusyboxDigest),
                Schedule: "0 3 * * *",
                Retention: 14,
                Target: new NfsVolume("backups", "etcd")),
            WebApps: []),
        Flux: new FluxSettings(
            Version: "v2.9.4",
            // Not pinned in the shipped definition: set it to `sha256sum install.yaml` of the v2.9.4 release asset once you
            // have checked that file; until then `bootstrap flux-manifest` needs --sha256 or --from, and render leaves the manifest out.
            InstallManifestSha256: null));
}
