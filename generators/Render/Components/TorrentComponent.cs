using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Scripts;
using PiCluster.Render.Yaml;

namespace PiCluster.Render.Components;

/// <summary>
/// rTorrent (crazymax image) + Flood in one pod: exactly one replica with Recreate and a fixed host name, because
/// rTorrent locks its session directory with "&lt;hostname&gt;:+&lt;pid&gt;". Peers reach the peer port (TCP, UDP for DHT) on
/// the model's address. Nothing else listens on the pod IP but an in-pod Traefik that checks the htpasswd Secret before
/// passing on to Flood on loopback: flannel enforces no NetworkPolicy, so any pod could otherwise call Flood (auth=none)
/// or the image's XML-RPC/ruTorrent/WebDAV (nginx without auth while its htpasswd files are empty), which a cont-init
/// script removes (crazy-max/docker-rtorrent-rutorrent rootfs/etc/cont-init.d/03-config.sh, 04-create-services.sh).
/// Flood talks to rTorrent over the SCGI unix socket in a shared emptyDir.
/// </summary>
public static class TorrentComponent
{
    public const string Name = "torrent";
    public const string WebService = "torrent-web";
    public const string AuthProxyConfigMap = "torrent-auth-proxy";
    public const string S6ConfigMap = "torrent-s6";

    /// <summary>The auth proxy's port: the only web port on the pod IP.</summary>
    public const int WebPort = 3000;

    /// <summary>Flood's own port, bound to 127.0.0.1 so only the auth proxy in the same pod reaches it.</summary>
    public const int FloodLoopbackPort = 3001;

    /// <summary>Where downloads (and the session) appear in BOTH containers: rTorrent reports absolute paths and Flood acts on them.</summary>
    public const string DownloadsPath = "/downloads";
    public const string RtorrentDataPath = "/data";
    public const string FloodDataPath = "/flood";
    public const string SocketDir = "/var/run/rtorrent";
    public const string ExportPath = "/export";

    /// <summary>
    /// Sorts after the image's cont-init scripts (00-fix-logs.sh … 04-create-services.sh at tag 5.3.7-0.16.17-r1,
    /// crazy-max/docker-rtorrent-rutorrent rootfs/etc/cont-init.d), so the services 04-create-services.sh writes exist.
    /// </summary>
    public const string ContInitScript = "/etc/cont-init.d/05-picluster-scgi-only.sh";

    /// <summary>The crazymax image keeps the session (and rTorrent's lock file) here, under /data.</summary>
    public const string LockFile = RtorrentDataPath + "/rtorrent/.session/rtorrent.lock";

    /// <summary>s6-overlay v2 defaults we override: each cont-finish script's budget and the final TERM→KILL wait.</summary>
    public const int S6FinishMaxMs = 5000;
    public const int S6KillGraceMs = 5000;
    private const int S6MarginMs = 5000;

    private static readonly Dictionary<string, string> Selector = new() { ["app.kubernetes.io/name"] = Name };

    public static IEnumerable<ManifestFile> Build(Torrent torrent, RenderContext context)
    {
        var ns = torrent.Namespace;
        yield return new ManifestFile($"{RenderedLayout.Apps}/torrent/torrent.yaml", "ClusterServices.Torrent", [
            // Holds the claim on the downloads and the session: Flux never deletes it, even if the model renames it.
            FluxSync.NeverPruned(Meta.Namespace(ns)),
            NfsStorageComponent.Claim(context, ns, torrent.Storage.Export),
            new V1ConfigMap
            {
                ApiVersion = ApiOf<V1ConfigMap>.Version, Kind = ApiOf<V1ConfigMap>.Kind, Metadata = Meta.Of(S6ConfigMap, ns),
                Data = new Dictionary<string, string> { [ClusterScripts.RtorrentScgiOnly] = ClusterScripts.Read(ClusterScripts.RtorrentScgiOnly) },
            },
            new V1ConfigMap
            {
                ApiVersion = ApiOf<V1ConfigMap>.Version, Kind = ApiOf<V1ConfigMap>.Kind, Metadata = Meta.Of(AuthProxyConfigMap, ns),
                Data = new Dictionary<string, string> { ["dynamic.yaml"] = AuthProxyConfig() },
            },
            Deployment(context, torrent),
            LoadBalancerService.Build(context, "torrent-peers", ns, torrent.Address, Selector, LoadBalancerService.TcpAndUdp("peer", torrent.PeerPort, "peer")),
            new V1Service
            {
                ApiVersion = ApiOf<V1Service>.Version, Kind = ApiOf<V1Service>.Kind, Metadata = Meta.Of(WebService, ns),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP", Selector = Selector,
                    Ports = [new V1ServicePort { Name = "http", Port = WebPort, Protocol = "TCP", TargetPort = "http" }],
                },
            },
            // No Traefik middleware: the in-pod proxy asks for the password on every path to Flood, LAN or in-cluster.
            TraefikComponent.Route(context, Name, ns, torrent.Host, WebService, WebPort),
        ]);
    }

    /// <summary>
    /// The in-pod proxy's dynamic configuration (Traefik file provider): every request needs the htpasswd user from
    /// the Secret, then goes to Flood on loopback.
    /// </summary>
    public static string AuthProxyConfig() => ManifestSerializer.ToYaml(new JsonObject
    {
        ["http"] = new JsonObject
        {
            ["routers"] = new JsonObject
            {
                ["flood"] = new JsonObject
                {
                    ["entryPoints"] = new JsonArray("web"),
                    ["rule"] = "PathPrefix(`/`)",
                    ["middlewares"] = new JsonArray("auth"),
                    ["service"] = "flood",
                },
            },
            ["middlewares"] = new JsonObject
            {
                ["auth"] = new JsonObject
                {
                    ["basicAuth"] = new JsonObject { ["usersFile"] = "/auth/users", ["realm"] = Name, ["removeHeader"] = true },
                },
            },
            ["services"] = new JsonObject
            {
                ["flood"] = new JsonObject
                {
                    ["loadBalancer"] = new JsonObject
                    {
                        ["servers"] = new JsonArray(new JsonObject { ["url"] = $"http://127.0.0.1:{FloodLoopbackPort}" }),
                    },
                },
            },
        },
    });

    /// <summary>
    /// s6-overlay v2 shutdown (just-containers/s6-overlay README): cont-finish scripts (S6_KILL_FINISH_MAXTIME each; the
    /// image ships none at tag 5.3.7-0.16.17-r1), then up to S6_SERVICES_GRACETIME for services to exit (default 3000 ms),
    /// then TERM to everything and S6_KILL_GRACETIME before KILL. rTorrent gets the pod's grace minus those and a margin.
    /// </summary>
    public static IReadOnlyList<V1EnvVar> S6ShutdownEnv(Torrent torrent)
    {
        var servicesMs = torrent.TerminationGracePeriodSeconds * 1000L - S6FinishMaxMs - S6KillGraceMs - S6MarginMs;
        if (servicesMs < 10_000)
            throw new ClusterInputException($"Services.Torrent.TerminationGracePeriodSeconds: {torrent.TerminationGracePeriodSeconds} leaves rTorrent under 10 s to save its session; use at least 25");
        return
        [
            new V1EnvVar { Name = "S6_KILL_FINISH_MAXTIME", Value = Text(S6FinishMaxMs) },
            new V1EnvVar { Name = "S6_SERVICES_GRACETIME", Value = servicesMs.ToString(CultureInfo.InvariantCulture) },
            new V1EnvVar { Name = "S6_KILL_GRACETIME", Value = Text(S6KillGraceMs) },
        ];
    }

    /// <summary>
    /// Root init step: creates the folders on the export with the pods' owner (kubelet would create missing subPath
    /// folders owned by root, which Flood as uid 1000 cannot write) and clears a stale session lock. Needs the export
    /// with no_root_squash (see the overview).
    /// </summary>
    public static string PrepareFoldersScript(Torrent torrent)
    {
        var owner = $"{torrent.Uid}:{torrent.Uid}";
        var lockOnExport = ExportPath + "/rtorrent" + LockFile[RtorrentDataPath.Length..];
        return string.Join("\n",
            "set -eu",
            $"cd {ExportPath}",
            "mkdir -p downloads/complete downloads/temp rtorrent/rtorrent/.session flood",
            // Not recursive: downloads can be terabytes; only the folders this pod creates or writes at the top.
            $"chown {owner} downloads downloads/complete downloads/temp rtorrent rtorrent/rtorrent rtorrent/rtorrent/.session flood",
            // Safe only because Recreate + one replica guarantee no live rTorrent holds the lock.
            $"rm -f {lockOnExport}",
            "");
    }

    private static V1Deployment Deployment(RenderContext context, Torrent torrent)
    {
        var downloads = NfsStorageComponent.Mount(context, torrent.Storage, DownloadsPath, "downloads");
        var socket = new V1VolumeMount { Name = "rtorrent-socket", MountPath = SocketDir };
        var session = NfsStorageComponent.Mount(context, torrent.Storage, RtorrentDataPath, "rtorrent");
        long uid = torrent.Uid;
        var floodUrl = $"http://127.0.0.1:{FloodLoopbackPort}/";
        return new V1Deployment
        {
            ApiVersion = ApiOf<V1Deployment>.Version, Kind = ApiOf<V1Deployment>.Kind, Metadata = Meta.Of(Name, torrent.Namespace, Selector),
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
                        Affinity = LoadBalancerService.Placement(context, torrent.Address),
                        Hostname = torrent.PodHostname,
                        // rTorrent saves every torrent's state on SIGTERM; with many torrents on NFS that takes a while.
                        TerminationGracePeriodSeconds = torrent.TerminationGracePeriodSeconds,
                        ImagePullSecrets = torrent.ImagePullSecret is null ? null : [new V1LocalObjectReference { Name = torrent.ImagePullSecret }],
                        InitContainers =
                        [
                            new V1Container
                            {
                                Name = "prepare-folders", Image = torrent.ShellImage.ToString(),
                                Command = ["/bin/sh", "-c", PrepareFoldersScript(torrent)],
                                SecurityContext = new V1SecurityContext { RunAsUser = 0, RunAsGroup = 0 },
                                VolumeMounts = [NfsStorageComponent.Mount(context, torrent.Storage, ExportPath)],
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
                                    .. S6ShutdownEnv(torrent),
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
                                VolumeMounts =
                                [
                                    session, downloads, socket,
                                    new V1VolumeMount { Name = "s6", MountPath = ContInitScript, SubPath = ClusterScripts.RtorrentScgiOnly, ReadOnlyProperty = true },
                                ],
                            },
                            new V1Container
                            {
                                Name = "flood", Image = torrent.FloodImage.ToString(),
                                // Same user/group as rTorrent's PUID/PGID, so Flood may use the group-writable socket.
                                SecurityContext = new V1SecurityContext { RunAsUser = uid, RunAsGroup = uid },
                                Env =
                                [
                                    // Loopback only (jesec/flood --host): the auth proxy beside it is the way in.
                                    new V1EnvVar { Name = "FLOOD_OPTION_HOST", Value = "127.0.0.1" },
                                    new V1EnvVar { Name = "FLOOD_OPTION_PORT", Value = Text(FloodLoopbackPort) },
                                    new V1EnvVar { Name = "FLOOD_OPTION_RUNDIR", Value = FloodDataPath },
                                    new V1EnvVar { Name = "FLOOD_OPTION_RTSOCKET", Value = SocketDir + "/scgi.socket" },
                                    // Login is the auth proxy's basic auth (Secret from bootstrap); Flood's own user store would need a wizard.
                                    new V1EnvVar { Name = "FLOOD_OPTION_AUTH", Value = "none" },
                                    new V1EnvVar { Name = "FLOOD_OPTION_ALLOWEDPATH", Value = DownloadsPath },
                                ],
                                // The kubelet probes the pod IP, where Flood does not listen: probe loopback from inside (busybox wget in the Alpine image).
                                ReadinessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["wget", "-q", "-O", "/dev/null", floodUrl] }, PeriodSeconds = 15, TimeoutSeconds = 5 },
                                LivenessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["wget", "-q", "-O", "/dev/null", floodUrl] }, InitialDelaySeconds = 30, PeriodSeconds = 30, TimeoutSeconds = 5 },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("128Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
                                },
                                // Session read-only at rTorrent's path too: Flood serves .torrent files from the session paths rTorrent reports.
                                VolumeMounts =
                                [
                                    NfsStorageComponent.Mount(context, torrent.Storage, FloodDataPath, "flood"),
                                    new V1VolumeMount { Name = session.Name, MountPath = session.MountPath, SubPath = session.SubPath, ReadOnlyProperty = true },
                                    downloads,
                                    socket,
                                ],
                            },
                            new V1Container
                            {
                                Name = "auth-proxy", Image = torrent.AuthProxyImage.ToString(),
                                Args =
                                [
                                    $"--entryPoints.web.address=:{WebPort}",
                                    "--providers.file.filename=/config/dynamic.yaml",
                                    "--ping=true",
                                    "--ping.entryPoint=web",
                                    "--global.checkNewVersion=false",
                                    "--global.sendAnonymousUsage=false",
                                ],
                                SecurityContext = new V1SecurityContext { RunAsUser = uid, RunAsGroup = uid, RunAsNonRoot = true, ReadOnlyRootFilesystem = true, AllowPrivilegeEscalation = false },
                                Ports = [new V1ContainerPort { Name = "http", ContainerPort = WebPort, Protocol = "TCP" }],
                                ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/ping", Port = WebPort }, PeriodSeconds = 15 },
                                LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/ping", Port = WebPort }, InitialDelaySeconds = 10, PeriodSeconds = 30 },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("32Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("128Mi") },
                                },
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = "auth-proxy-config", MountPath = "/config", ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = "web-auth", MountPath = "/auth", ReadOnlyProperty = true },
                                ],
                            },
                        ],
                        Volumes =
                        [
                            NfsStorageComponent.PodVolume(context, torrent.Storage.Export),
                            new V1Volume { Name = "rtorrent-socket", EmptyDir = new V1EmptyDirVolumeSource() },
                            new V1Volume { Name = "s6", ConfigMap = new V1ConfigMapVolumeSource { Name = S6ConfigMap, DefaultMode = 0b111_101_101 } },
                            new V1Volume { Name = "auth-proxy-config", ConfigMap = new V1ConfigMapVolumeSource { Name = AuthProxyConfigMap } },
                            new V1Volume { Name = "web-auth", Secret = new V1SecretVolumeSource { SecretName = torrent.WebAuthSecret } },
                        ],
                    },
                },
            },
        };
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
