using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Model;

/// <summary>Every service the cluster runs, one record each.</summary>
[ServiceCatalog]
public sealed partial record ClusterServices(
    Flannel Flannel,
    MetalLb MetalLb,
    NfsStorage Storage,
    Traefik Traefik,
    AdGuardHome AdGuard,
    Torrent Torrent,
    Monitoring Monitoring,
    ClusterDashboard Dashboard,
    EtcdBackup EtcdBackup,
    IReadOnlyList<WebApp> WebApps);

/// <summary>A pinned Helm chart: which repository, which chart, which exact version.</summary>
public sealed record HelmChart(string Repository, string Name, string Version);

/// <summary>A container image pinned by tag, and by digest where one was verified upstream.</summary>
/// <param name="Digest">
/// "sha256:&lt;64 hex&gt;" of the tag's multi-arch index, or null while no upstream source confirms it; the tag stays in
/// the reference so a reader sees the version (the runtime pulls by digest).
/// </param>
/// <remarks>A malformed digest is rule PI0016's (render and the analyzer refuse it); the reference itself never throws.</remarks>
public sealed record Image(string Repository, string Tag, [ClusterFact(FactKind.ImageDigest)] string? Digest = null)
{
    public override string ToString() => Digest is null ? $"{Repository}:{Tag}" : $"{Repository}:{Tag}@{Digest}";
}

/// <summary>Pod network with flannel; rendered as plain manifests so bootstrap can apply it before Flux runs.</summary>
/// <param name="Backend">flannel backend; host-gw needs every node on one L2 segment.</param>
/// <param name="CniBinDir">Where the node's CNI plugins live; Alpine's cni-plugins package uses /usr/libexec/cni.</param>
public sealed record Flannel(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    string Backend,
    string CniBinDir,
    Image Image,
    Image CniPluginImage);

/// <summary>MetalLB in L2 mode announcing <see cref="Network.LoadBalancerPool"/>.</summary>
/// <param name="SharedAddresses">
/// LoadBalancer addresses that more than one Service may claim (different ports), each with the sharing key MetalLB
/// needs (metallb.io/allow-shared-ip). An address claimed twice without an entry here fails validation (PI0013).
/// </param>
public sealed record MetalLb(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    HelmChart Chart,
    [ClusterFact(FactKind.ObjectName)] string PoolName,
    IReadOnlyList<SharedAddress> SharedAddresses);

/// <summary>One LoadBalancer address several Services share; Services on it get the same allow-shared-ip key.</summary>
public sealed record SharedAddress(
    [ClusterFact(FactKind.SharedAddress)] string Address,
    [ClusterFact(FactKind.SharingKey)] string SharingKey);

/// <summary>Traefik ingress on a fixed LoadBalancer address, with its dashboard behind basic auth.</summary>
/// <param name="Address">LoadBalancer address requested from MetalLB.</param>
/// <param name="DashboardHost">Host label of the dashboard under <see cref="Network.Domain"/> ("traefik" → traefik.local).</param>
/// <param name="DashboardAuthSecret">Name of the Secret (htpasswd "users" key) that bootstrap creates; never rendered.</param>
/// <param name="TlsSecret">
/// kubernetes.io/tls Secret with a wildcard certificate for *.<see cref="Network.Domain"/>, signed by the cluster's own CA
/// (bootstrap secrets makes both); Traefik's default certificate on websecure.
/// </param>
public sealed record Traefik(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    HelmChart Chart,
    [ClusterFact(FactKind.LoadBalancerAddress)] string Address,
    [ClusterFact(FactKind.HostName)] string DashboardHost,
    [SecretName(SecretShape.Htpasswd, SecretKeys.Users)] string DashboardAuthSecret,
    [ClusterFact(FactKind.ObjectName), SecretName(SecretShape.ClusterCaTls, SecretKeys.TlsCertificate, SecretKeys.TlsPrivateKey)] string TlsSecret);

/// <summary>How the NFS exports become Kubernetes volumes: static PersistentVolumes, one per claim, bound by the claim's volumeName.</summary>
/// <param name="StorageClassName">
/// Prefix of each volume's own storage class ("nfs-static" → "nfs-static-adguard-adguard"): a class no StorageClass object
/// provisions and only that volume's claim asks for, so no other claim takes the volume and no provisioner ever answers.
/// </param>
/// <param name="MountOptions">NFS mount options for every PV.</param>
public sealed record NfsStorage(string StorageClassName, IReadOnlyList<string> MountOptions);

/// <summary>A claim on an NFS export by a service.</summary>
/// <param name="Export">Name of an <see cref="NfsExport"/>.</param>
/// <param name="SubPath">Directory inside the export, relative; empty for the export root.</param>
public sealed record NfsVolume(
    [ClusterFact(FactKind.NfsVolumeExport)] string Export,
    [ClusterFact(FactKind.NfsSubPath)] string SubPath = "");

/// <summary>AdGuard Home DNS on two fixed LoadBalancer addresses, web UI behind Traefik.</summary>
/// <param name="DnsAddress">Main DNS address clients use.</param>
/// <param name="CatchAllAddress">
/// Second address of the same pod, e.g. for clients with hard-coded DNS redirected by the router. Not a fallback: both
/// addresses go silent together while the pod moves (rendered/README.md, "LAN DNS when a Pi goes down").
/// </param>
/// <param name="Host">Host label of the web UI under <see cref="Network.Domain"/>.</param>
/// <param name="Replicas">0 or 1: the bbolt databases and the config file have a single writer.</param>
/// <param name="Config">Where AdGuardHome.yaml lives (writable: AdGuard rewrites it on every UI change).</param>
/// <param name="WorkSizeLimit">
/// Cap of the node-local emptyDir holding work/ (bbolt stats and sessions, query log, filter lists). Never NFS: bbolt
/// mmaps and flocks its files, so a NAS reboot would freeze DNS and a dead node's NFSv4 lock blocks the next pod
/// (AdGuardHome #1188, #1846). Lost when the pod moves: statistics, query log, login sessions; filters re-download.
/// </param>
/// <param name="AdminUser">Login name written into the seeded configuration.</param>
/// <param name="AdminSecret">Secret (key "password-hash": bcrypt hash) created by bootstrap; the seed step templates it in.</param>
/// <param name="UpstreamDns">Resolvers AdGuard forwards to (never the router, which may itself forward to AdGuard).</param>
/// <param name="BootstrapDns">Plain-IP resolvers used to resolve DoH/DoT upstream host names.</param>
public sealed record AdGuardHome(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    Image Image,
    [ClusterFact(FactKind.LoadBalancerAddress)] string DnsAddress,
    [ClusterFact(FactKind.LoadBalancerAddress)] string CatchAllAddress,
    [ClusterFact(FactKind.HostName)] string Host,
    [ClusterFact(FactKind.SingleWriterReplicas)] int Replicas,
    NfsVolume Config,
    string WorkSizeLimit,
    string AdminUser,
    [ClusterFact(FactKind.ObjectName), SecretName(SecretShape.BcryptPasswordHash, SecretKeys.PasswordHash)] string AdminSecret,
    IReadOnlyList<string> UpstreamDns,
    [ClusterFact(FactKind.ReferencedAddress)] IReadOnlyList<string> BootstrapDns) : IUsesNfs
{
    public IEnumerable<NfsVolume> NfsVolumes => [Config];
}

/// <summary>rTorrent + Flood in one pod: peers reach rTorrent on a fixed address, Flood's web UI sits behind Traefik.</summary>
/// <param name="Address">LoadBalancer address for the peer port (TCP) and DHT (UDP).</param>
/// <param name="Host">Host label of the Flood UI under <see cref="Network.Domain"/>.</param>
/// <param name="Replicas">0 or 1: rTorrent locks its session directory and Flood's database has a single writer.</param>
/// <param name="PeerPort">Incoming peer port; forward it on the router to <see cref="Address"/>.</param>
/// <param name="Storage">The export holding downloads, the rTorrent session and Flood's database (one sub-folder each).</param>
/// <param name="RtorrentImage">Maintained rTorrent build (crazymax/rtorrent-rutorrent; its ruTorrent UI stays unexposed).</param>
/// <param name="FloodImage">Flood web UI, talking to rTorrent over a unix socket.</param>
/// <param name="ShellImage">Small shell image for the init step that creates the folders with their owner and clears a stale session lock.</param>
/// <param name="AuthProxyImage">
/// Traefik, run as an in-pod proxy: the only listener on the pod IP for the UI, checking <see cref="WebAuthSecret"/>
/// before passing on to Flood on loopback (flannel enforces no NetworkPolicy, so the pod guards itself).
/// </param>
/// <param name="PodHostname">Fixed pod host name, so rTorrent's lock file names the same host after every restart.</param>
/// <param name="Uid">User and group both containers run as (rTorrent's PUID/PGID); owns the folders on the export.</param>
/// <param name="WebAuthSecret">htpasswd Secret ("users" key) for the Traefik basic-auth in front of Flood; created by bootstrap.</param>
/// <param name="ImagePullSecret">Registry Secret (e.g. GHCR user + token) referenced by the pod; null = public pulls.</param>
public sealed record Torrent(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    [ClusterFact(FactKind.LoadBalancerAddress)] string Address,
    [ClusterFact(FactKind.HostName)] string Host,
    [ClusterFact(FactKind.SingleWriterReplicas)] int Replicas,
    int PeerPort,
    NfsVolume Storage,
    Image RtorrentImage,
    Image FloodImage,
    Image ShellImage,
    Image AuthProxyImage,
    [ClusterFact(FactKind.ObjectName)] string PodHostname,
    int Uid,
    int TerminationGracePeriodSeconds,
    [ClusterFact(FactKind.ObjectName), SecretName(SecretShape.Htpasswd, SecretKeys.Users)] string WebAuthSecret,
    [ClusterFact(FactKind.ObjectName), SecretName(SecretShape.DockerConfigJson, SecretKeys.DockerConfigJson)] string? ImagePullSecret = null) : IUsesNfs
{
    public IEnumerable<NfsVolume> NfsVolumes => [Storage];
}

/// <summary>kube-prometheus-stack: Prometheus on a node's local disk, Grafana behind Traefik, node-exporter everywhere.</summary>
/// <param name="GrafanaHost">Host label of Grafana under <see cref="Network.Domain"/>.</param>
/// <param name="GrafanaAdminSecret">Secret with keys admin-user / admin-password, created by bootstrap.</param>
/// <param name="GrafanaReplicas">0 or 1: Grafana keeps users and sessions in a pod-local SQLite file.</param>
/// <param name="GrafanaPlugins">
/// Plugin ids installed at start (needs internet egress, so Grafana no longer starts offline); empty by default. While it is
/// empty Grafana's background plugin preinstaller is off (grafana.ini plugins.preinstall_disabled); listing a plugin turns
/// it back on, since Grafana installs the listed plugins through it (grafana/grafana pkg/setting/setting_plugins.go).
/// </param>
/// <param name="Dashboards">Extra dashboards shipped in the tree (files under cluster/Dashboards), beside the chart's bundled ones.</param>
/// <param name="Retention">How long Prometheus keeps samples, e.g. "7d".</param>
/// <param name="RetentionSize">Size cap of the TSDB, e.g. "4GB" (Prometheus units).</param>
/// <param name="PrometheusVolume">The local disk the TSDB lives on (never NFS: Prometheus does not support it).</param>
/// <param name="AlertReceiver">Where Alertmanager sends alerts (ntfy, Telegram, e-mail or a webhook); Flux's errors go the same way.</param>
/// <param name="AlertReceiverSecret">Secret (key "credential") with the receiver's URL or token, created by `bootstrap secrets` from your input.</param>
/// <param name="HeartbeatSecret">
/// Secret (key "url") with a dead-man's-switch URL (healthchecks.io, Uptime Kuma push, …) that Alertmanager calls every
/// <paramref name="HeartbeatInterval"/> while the always-firing Watchdog alert flows; the service there alerts you when the
/// calls stop (Prometheus, Alertmanager or the cluster down). Null: no heartbeat, Watchdog is dropped.
/// </param>
/// <param name="HeartbeatInterval">How often the heartbeat is called; set the service's period to it and its grace to a few times it.</param>
public sealed record Monitoring(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    HelmChart Chart,
    [ClusterFact(FactKind.HostName)] string GrafanaHost,
    [ClusterFact(FactKind.ObjectName), SecretName(SecretShape.GrafanaAdmin, SecretKeys.AdminUser, SecretKeys.AdminPassword)] string GrafanaAdminSecret,
    // Grafana keeps users and sessions in a pod-local SQLite file: a second replica logs people out at random.
    [ClusterFact(FactKind.SingleWriterReplicas)] int GrafanaReplicas,
    IReadOnlyList<string> GrafanaPlugins,
    IReadOnlyList<GrafanaDashboard> Dashboards,
    string Retention,
    string RetentionSize,
    LocalVolume PrometheusVolume,
    AlertReceiver AlertReceiver,
    [ClusterFact(FactKind.ObjectName), SecretName(SecretShape.OperatorValues, SecretKeys.ReceiverCredential)] string AlertReceiverSecret,
    [ClusterFact(FactKind.ObjectName), SecretName(SecretShape.OperatorValues, SecretKeys.Url)] string? HeartbeatSecret = null,
    string HeartbeatInterval = "5m") : IUsesLocalVolumes
{
    public IEnumerable<LocalVolume> LocalVolumes => [PrometheusVolume];
}

/// <summary>A Grafana dashboard committed as JSON under cluster/Dashboards, rendered into a ConfigMap the sidecar loads.</summary>
/// <param name="Name">ConfigMap name and file name (without .json).</param>
/// <param name="Source">Where the JSON comes from (provenance, shown in the overview and the ConfigMap's annotation).</param>
public sealed record GrafanaDashboard(string Name, string Source);

/// <summary>A directory on one node's own disk, offered as a static local PersistentVolume.</summary>
/// <param name="Node">Name of the node whose disk holds the data (the pod is scheduled there).</param>
/// <param name="Path">Directory on that node; bootstrap's nodes phase creates it with <see cref="OwnerUid"/>, <see cref="OwnerGid"/> and <see cref="Mode"/>.</param>
/// <param name="OwnerUid">User that owns the directory: the uid the workload runs as.</param>
/// <param name="OwnerGid">Group that owns the directory: the workload's group or fsGroup.</param>
/// <param name="Mode">Octal permission bits, e.g. "0750".</param>
public sealed record LocalVolume(string Node, string Path, string Capacity, int OwnerUid = 0, int OwnerGid = 0, string Mode = "0755");

/// <summary>A service that keeps data in directories on a node's own disk (see <see cref="NodeLocalPaths"/>).</summary>
public interface IUsesLocalVolumes
{
    IEnumerable<LocalVolume> LocalVolumes { get; }
}

/// <summary>Every node-local directory the definition declares: bootstrap creates exactly these, validate checks against them.</summary>
public static class NodeLocalPaths
{
    public static IEnumerable<LocalVolume> Of(ClusterDefinition cluster) =>
        cluster.Services.All
            .SelectMany(entry => entry.Service is System.Collections.IEnumerable many ? many.Cast<object>() : [entry.Service])
            .OfType<IUsesLocalVolumes>()
            .SelectMany(service => service.LocalVolumes);
}

/// <summary>Headlamp (the maintained successor of the archived Kubernetes Dashboard) at a host name, login by token.</summary>
/// <param name="Host">Host label under <see cref="Network.Domain"/>.</param>
/// <param name="LoginServiceAccount">ServiceAccount whose tokens (kubectl create token) log in to the UI.</param>
/// <param name="LoginClusterRole">ClusterRole bound to that account, e.g. "view" (read-only) or "cluster-admin".</param>
public sealed record ClusterDashboard(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    HelmChart Chart,
    [ClusterFact(FactKind.HostName)] string Host,
    [ClusterFact(FactKind.ObjectName)] string LoginServiceAccount,
    string LoginClusterRole);

/// <summary>Daily etcd snapshot from the control-plane node to NFS, keeping the newest <see cref="Retention"/> files.</summary>
/// <param name="EtcdRepository">Where kubeadm pulls etcd from; the tag follows <see cref="KubernetesSettings.Version"/> (see <see cref="KubeadmEtcd"/>).</param>
/// <param name="ShellImage">Small shell image that runs cluster/Scripts/etcd-backup.sh (copy + prune).</param>
/// <param name="Schedule">Cron schedule in the controller manager's time zone (UTC unless <see cref="TimeZone"/> is set).</param>
/// <param name="Retention">Number of snapshots kept; must be at least 1.</param>
/// <param name="Target">Folder on an NFS export that receives the snapshots.</param>
/// <param name="TimeZone">IANA time zone for the schedule, or null for the controller manager's.</param>
/// <param name="AlertAfterHours">Alert when the newest successful backup is older than this (daily schedule + slack).</param>
public sealed record EtcdBackup(
    [ClusterFact(FactKind.ObjectName)] string Namespace,
    string EtcdRepository,
    Image ShellImage,
    [ClusterFact(FactKind.CronSchedule)] string Schedule,
    [ClusterFact(FactKind.BackupRetention)] int Retention,
    NfsVolume Target,
    string? TimeZone = null,
    int AlertAfterHours = 26) : IUsesNfs
{
    public IEnumerable<NfsVolume> NfsVolumes => [Target];
}

/// <summary>A service that keeps data on NFS exports; the storage component gives it one static volume per export.</summary>
public interface IUsesNfs
{
    string Namespace { get; }

    IEnumerable<NfsVolume> NfsVolumes { get; }
}
