using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Scripts;
using PiCluster.Render.Yaml;

namespace PiCluster.Render.Components;

/// <summary>
/// AdGuard Home: one pod (Recreate, the bbolt files have a single writer) with its config on the adguard NFS export and
/// its work data (bbolt databases, query log, filters) in a node-local emptyDir — bbolt's mmap + flock on a hard NFS
/// mount freezes DNS when the NAS reboots and a dead node's lock blocks the next pod (AdGuardHome #1188, #1846).
/// DNS over TCP+UDP on the main and the catch-all address, web UI at adguard.&lt;domain&gt; via Traefik.
/// An init step seeds AdGuardHome.yaml (admin hash from a Secret) when none exists, so the wizard never runs, and on
/// every later start merges the model's DNS rewrites into it (keyed by domain), keeping every edit made in the UI.
/// </summary>
public static class AdGuardComponent
{
    public const string Name = "adguard";
    public const string WebService = "adguard-web";
    public const string SeedConfigMap = "adguard-seed";
    public const string PasswordPlaceholder = "__ADMIN_PASSWORD_HASH__";
    public const string ConfDir = "/opt/adguardhome/conf";
    public const string WorkDir = "/opt/adguardhome/work";
    public const int DnsPort = 53;
    public const int WebPort = 80;

    /// <summary>The schema AdGuard Home v0.107.74+ writes; older files are migrated on start, newer ones are not understood.</summary>
    public const int SchemaVersion = 34;

    private static readonly Dictionary<string, string> Selector = new() { ["app.kubernetes.io/name"] = Name };

    public static IEnumerable<ManifestFile> Build(AdGuardHome adguard, RenderContext context)
    {
        var ns = adguard.Namespace;
        var documents = new List<object>
        {
            // Holds the claim on AdGuard's configuration: Flux never deletes it, even if the model renames it.
            FluxSync.NeverPruned(Meta.Namespace(ns)),
            NfsStorageComponent.Claim(context, ns, adguard.Config.Export),
        };
        documents.Add(new V1ConfigMap
        {
            ApiVersion = ApiOf<V1ConfigMap>.Version, Kind = ApiOf<V1ConfigMap>.Kind, Metadata = Meta.Of(SeedConfigMap, ns),
            Data = new Dictionary<string, string>
            {
                ["AdGuardHome.yaml"] = SeedConfig(adguard, context),
                [ClusterScripts.AdGuardSeed] = ClusterScripts.Read(ClusterScripts.AdGuardSeed),
            },
        });
        documents.Add(Deployment(context, adguard));
        documents.Add(LoadBalancerService.Build(context, "adguard-dns", ns, adguard.DnsAddress, Selector, LoadBalancerService.TcpAndUdp("dns", DnsPort, "dns")));
        documents.Add(LoadBalancerService.Build(context, "adguard-dns-catchall", ns, adguard.CatchAllAddress, Selector, LoadBalancerService.TcpAndUdp("dns", DnsPort, "dns")));
        documents.Add(new V1Service
        {
            ApiVersion = ApiOf<V1Service>.Version, Kind = ApiOf<V1Service>.Kind, Metadata = Meta.Of(WebService, ns),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP", Selector = Selector,
                Ports = [new V1ServicePort { Name = "http", Port = WebPort, Protocol = "TCP", TargetPort = "http" }],
            },
        });
        documents.Add(TraefikComponent.Route(context, Name, ns, adguard.Host, WebService, WebPort));
        yield return new ManifestFile($"{RenderedLayout.Apps}/adguard/adguard.yaml", "ClusterServices.AdGuard", documents);
    }

    /// <summary>
    /// The first-start configuration: only what differs from AdGuard's defaults (it fills in the rest and rewrites the
    /// file), with the admin hash left as a placeholder that the init step replaces from the Secret, and the model's DNS
    /// rewrites (<see cref="Rewrites"/>), so every web UI resolves on a fresh install.
    /// </summary>
    public static string SeedConfig(AdGuardHome adguard, RenderContext context) => SeedConfig(adguard, Rewrites(context));

    /// <summary>
    /// The model's rewrites: one wildcard, *.&lt;domain&gt; → Traefik, so every routed host (<see cref="RoutedHosts"/>) and any
    /// host added later resolves without touching AdGuard's file (a wildcard covers every subdomain, and an exact entry made
    /// in the UI still wins over it: AdguardTeam/AdGuardHome internal/filtering/rewrites.go findRewrites). Schema 31+
    /// keeps them under filtering.rewrites, each with an enabled flag that is false when missing (configmigrate/v31.go).
    /// </summary>
    public static IReadOnlyList<(string Domain, string Answer)> Rewrites(RenderContext context) =>
        [($"*.{context.Network.Domain}", context.TraefikAddress)];

    /// <summary>The seed script's REWRITES: one "&lt;domain&gt; &lt;answer&gt;" pair per line.</summary>
    public static string RewritesVariable(RenderContext context) =>
        string.Join("\n", Rewrites(context).Select(r => $"{r.Domain} {r.Answer}"));

    private static string SeedConfig(AdGuardHome adguard, IReadOnlyList<(string Domain, string Answer)> rewrites) => ManifestSerializer.ToYaml(new JsonObject
    {
        ["http"] = new JsonObject { ["address"] = $"0.0.0.0:{WebPort}" },
        ["users"] = new JsonArray(new JsonObject { ["name"] = adguard.AdminUser, ["password"] = PasswordPlaceholder }),
        ["dns"] = new JsonObject
        {
            ["bind_hosts"] = new JsonArray("0.0.0.0"),
            ["port"] = DnsPort,
            ["upstream_dns"] = new JsonArray([.. adguard.UpstreamDns.Select(u => (JsonNode)JsonValue.Create(u))]),
            ["bootstrap_dns"] = new JsonArray([.. adguard.BootstrapDns.Select(u => (JsonNode)JsonValue.Create(u))]),
        },
        ["filtering"] = new JsonObject
        {
            ["rewrites"] = new JsonArray([.. rewrites.Select(r => (JsonNode)new JsonObject { ["domain"] = r.Domain, ["answer"] = r.Answer, ["enabled"] = true })]),
        },
        ["schema_version"] = SchemaVersion,
    });

    private static V1Deployment Deployment(RenderContext context, AdGuardHome adguard)
    {
        var volumes = new List<V1Volume>
        {
            NfsStorageComponent.PodVolume(context, adguard.Config.Export),
            new() { Name = "seed", ConfigMap = new V1ConfigMapVolumeSource { Name = SeedConfigMap } },
            new() { Name = "work", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(adguard.WorkSizeLimit) } },
        };
        var confMount = NfsStorageComponent.Mount(context, adguard.Config, ConfDir);
        var workMount = new V1VolumeMount { Name = "work", MountPath = WorkDir };

        return new V1Deployment
        {
            ApiVersion = ApiOf<V1Deployment>.Version, Kind = ApiOf<V1Deployment>.Kind, Metadata = Meta.Of(Name, adguard.Namespace, Selector),
            Spec = new V1DeploymentSpec
            {
                Replicas = adguard.Replicas,
                // Never two pods on the same bbolt files, not even during a rollout.
                Strategy = new V1DeploymentStrategy { Type = "Recreate" },
                Selector = new V1LabelSelector { MatchLabels = Selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Selector },
                    Spec = new V1PodSpec
                    {
                        Affinity = LoadBalancerService.Placement(context, adguard.DnsAddress, adguard.CatchAllAddress),
                        // LAN DNS is this one pod: leave a dead node after 30 s, not the admission default of 300 s.
                        Tolerations = LoadBalancerService.NodeLossTolerations(),
                        InitContainers =
                        [
                            new V1Container
                            {
                                // The AdGuard image is Alpine-based, so it brings the shell the seed script needs.
                                Name = "seed-config", Image = adguard.Image.ToString(),
                                Command = ["/bin/sh", "/seed/" + ClusterScripts.AdGuardSeed],
                                Env =
                                [
                                    new V1EnvVar { Name = "TEMPLATE", Value = "/seed/AdGuardHome.yaml" },
                                    new V1EnvVar { Name = "CONFIG", Value = ConfDir + "/AdGuardHome.yaml" },
                                    new V1EnvVar { Name = "REWRITES", Value = RewritesVariable(context) },
                                    new V1EnvVar
                                    {
                                        Name = "ADMIN_PASSWORD_HASH",
                                        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = adguard.AdminSecret, Key = SecretKeys.PasswordHash } },
                                    },
                                ],
                                VolumeMounts = [confMount, new V1VolumeMount { Name = "seed", MountPath = "/seed", ReadOnlyProperty = true }],
                            },
                        ],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = Name, Image = adguard.Image.ToString(),
                                Args = ["--no-check-update", "-c", ConfDir + "/AdGuardHome.yaml", "-w", WorkDir],
                                Ports =
                                [
                                    new V1ContainerPort { Name = "dns-tcp", ContainerPort = DnsPort, Protocol = "TCP" },
                                    new V1ContainerPort { Name = "dns-udp", ContainerPort = DnsPort, Protocol = "UDP" },
                                    new V1ContainerPort { Name = "http", ContainerPort = WebPort, Protocol = "TCP" },
                                ],
                                // Ready = answers DNS (what MetalLB announces for); alive = the web server responds.
                                ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = DnsPort }, PeriodSeconds = 10 },
                                LivenessProbe = new V1Probe
                                {
                                    HttpGet = new V1HTTPGetAction { Path = "/", Port = WebPort },
                                    InitialDelaySeconds = 30, PeriodSeconds = 20, FailureThreshold = 3,
                                },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("128Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
                                },
                                VolumeMounts = [confMount, workMount],
                            },
                        ],
                        Volumes = volumes,
                    },
                },
            },
        };
    }
}
