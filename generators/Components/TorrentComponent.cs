using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Components;

/// <summary>
/// rTorrent (crazymax image) + Flood in one pod: exactly one replica with Recreate and a fixed host name, because
/// rTorrent locks its session directory with "&lt;hostname&gt;:+&lt;pid&gt;". Peers reach the peer port (TCP, UDP for DHT) on
/// the model's address; Flood talks to rTorrent over a unix socket in a shared emptyDir, so SCGI never leaves the
/// pod. Flood is published at torrent.&lt;domain&gt; behind Traefik basic auth (Secret created by bootstrap).
/// </summary>
public static class TorrentComponent
{
    public const string Name = "torrent";
    public const string WebService = "torrent-web";
    public const string WebAuthMiddleware = "torrent-web-auth";
    public const int FloodPort = 3000;

    /// <summary>Where downloads (and the session) appear in BOTH containers: rTorrent reports absolute paths and Flood acts on them.</summary>
    public const string DownloadsPath = "/downloads";
    public const string RtorrentDataPath = "/data";
    public const string FloodDataPath = "/flood";
    public const string SocketDir = "/var/run/rtorrent";

    /// <summary>The crazymax image keeps the session (and rTorrent's lock file) here, under /data.</summary>
    public const string LockFile = RtorrentDataPath + "/rtorrent/.session/rtorrent.lock";

    private static readonly Dictionary<string, string> Selector = new() { ["app.kubernetes.io/name"] = Name };

    public static IEnumerable<ManifestFile> Build(ClusterDefinition cluster)
    {
        var torrent = cluster.Services.Torrent;
        var ns = torrent.Namespace;
        yield return new ManifestFile($"{RenderedLayout.Apps}/torrent/torrent.yaml", "ClusterServices.Torrent", [
            Meta.Namespace(ns),
            NfsStorageComponent.Claim(cluster, ns, torrent.Storage.Export),
            Deployment(cluster, torrent),
            LoadBalancerService.Build(cluster, "torrent-peers", ns, torrent.Address, Selector, LoadBalancerService.TcpAndUdp("peer", torrent.PeerPort, "peer")),
            new V1Service
            {
                ApiVersion = "v1", Kind = "Service", Metadata = Meta.Of(WebService, ns),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP", Selector = Selector,
                    Ports = [new V1ServicePort { Name = "http", Port = FloodPort, Protocol = "TCP", TargetPort = "http" }],
                },
            },
            new Middleware(Meta.Of(WebAuthMiddleware, ns), new MiddlewareSpec(new BasicAuth(torrent.WebAuthSecret, Realm: "torrent", RemoveHeader: true))),
            TraefikComponent.Route(cluster, Name, ns, torrent.Host, WebService, FloodPort, [new MiddlewareReference(WebAuthMiddleware)]),
        ]);
    }

    private static V1Deployment Deployment(ClusterDefinition cluster, Torrent torrent)
    {
        var downloads = NfsStorageComponent.Mount(cluster, torrent.Storage, DownloadsPath, "downloads");
        var socket = new V1VolumeMount { Name = "rtorrent-socket", MountPath = SocketDir };
        var session = NfsStorageComponent.Mount(cluster, torrent.Storage, RtorrentDataPath, "rtorrent");
        long uid = torrent.Uid;
        return new V1Deployment
        {
            ApiVersion = "apps/v1", Kind = "Deployment", Metadata = Meta.Of(Name, torrent.Namespace, Selector),
            Spec = new V1DeploymentSpec
            {
                Replicas = torrent.Replicas,
                // The old pod must release the session lock before the new one starts.
                Strategy = new V1DeploymentStrategy { Type = "Recreate" },
                Selector = new V1LabelSelector { MatchLabels = Selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Selector },
                    Spec = new V1PodSpec
                    {
                        Affinity = LoadBalancerService.Placement(cluster, torrent.Address),
                        Hostname = torrent.PodHostname,
                        // rTorrent saves every torrent's state on SIGTERM; with many torrents on NFS that takes a while.
                        TerminationGracePeriodSeconds = torrent.TerminationGracePeriodSeconds,
                        ImagePullSecrets = torrent.ImagePullSecret is null ? null : [new V1LocalObjectReference { Name = torrent.ImagePullSecret }],
                        InitContainers =
                        [
                            new V1Container
                            {
                                // Safe only because Recreate + one replica guarantee no live rTorrent holds the lock.
                                Name = "clear-stale-lock", Image = torrent.ShellImage.ToString(),
                                Command = ["rm", "-f", LockFile],
                                SecurityContext = new V1SecurityContext { RunAsUser = uid, RunAsGroup = uid },
                                VolumeMounts = [session],
                            },
                        ],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "rtorrent", Image = torrent.RtorrentImage.ToString(),
                                Env =
                                [
                                    new V1EnvVar { Name = "PUID", Value = Text(torrent.Uid) },
                                    new V1EnvVar { Name = "PGID", Value = Text(torrent.Uid) },
                                    new V1EnvVar { Name = "RT_INC_PORT", Value = Text(torrent.PeerPort) },
                                    // DHT on the same port, so one router forward serves both.
                                    new V1EnvVar { Name = "RT_DHT_PORT", Value = Text(torrent.PeerPort) },
                                ],
                                Ports =
                                [
                                    new V1ContainerPort { Name = "peer-tcp", ContainerPort = torrent.PeerPort, Protocol = "TCP" },
                                    new V1ContainerPort { Name = "peer-udp", ContainerPort = torrent.PeerPort, Protocol = "UDP" },
                                ],
                                ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = torrent.PeerPort }, PeriodSeconds = 15 },
                                LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = torrent.PeerPort }, InitialDelaySeconds = 60, PeriodSeconds = 30, FailureThreshold = 4 },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("256Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") },
                                },
                                VolumeMounts = [session, downloads, socket],
                            },
                            new V1Container
                            {
                                Name = "flood", Image = torrent.FloodImage.ToString(),
                                // Same user/group as rTorrent's PUID/PGID, so Flood may use the group-writable socket.
                                SecurityContext = new V1SecurityContext { RunAsUser = uid, RunAsGroup = uid },
                                Env =
                                [
                                    new V1EnvVar { Name = "FLOOD_OPTION_HOST", Value = "0.0.0.0" },
                                    new V1EnvVar { Name = "FLOOD_OPTION_PORT", Value = Text(FloodPort) },
                                    new V1EnvVar { Name = "FLOOD_OPTION_RUNDIR", Value = FloodDataPath },
                                    new V1EnvVar { Name = "FLOOD_OPTION_RTSOCKET", Value = SocketDir + "/scgi.socket" },
                                    // Login is Traefik's basic auth (Secret from bootstrap); Flood's own user store would need a wizard.
                                    new V1EnvVar { Name = "FLOOD_OPTION_AUTH", Value = "none" },
                                    new V1EnvVar { Name = "FLOOD_OPTION_ALLOWEDPATH", Value = DownloadsPath },
                                ],
                                Ports = [new V1ContainerPort { Name = "http", ContainerPort = FloodPort, Protocol = "TCP" }],
                                ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = FloodPort }, PeriodSeconds = 15 },
                                LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = FloodPort }, InitialDelaySeconds = 30, PeriodSeconds = 30 },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("128Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
                                },
                                // Session read-only at rTorrent's path too: Flood serves .torrent files from the session paths rTorrent reports.
                                VolumeMounts =
                                [
                                    NfsStorageComponent.Mount(cluster, torrent.Storage, FloodDataPath, "flood"),
                                    new V1VolumeMount { Name = session.Name, MountPath = session.MountPath, SubPath = session.SubPath, ReadOnlyProperty = true },
                                    downloads,
                                    socket,
                                ],
                            },
                        ],
                        Volumes =
                        [
                            NfsStorageComponent.PodVolume(cluster, torrent.Storage.Export),
                            new V1Volume { Name = "rtorrent-socket", EmptyDir = new V1EmptyDirVolumeSource() },
                        ],
                    },
                },
            },
        };
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
