using System.Text;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Overview;

/// <summary>
/// rendered/README.md: what runs where, at which address and host name, on which storage, and where each credential
/// comes from; plus Mermaid diagrams of the Flux order and of which address fronts which app. Outside every Flux path,
/// rewritten by every render, deterministic like the manifests.
/// </summary>
public static class ClusterOverview
{
    public const string FilePath = "README.md";
    private const string FromBootstrap = "created by bootstrap secrets";

    /// <summary>One table row; every cell is ready-to-print Markdown.</summary>
    public sealed record ServiceRow(string Service, string Namespace, string Addresses, string Ports, string Host, string Storage, string Credentials);

    public static string Build(ClusterDefinition cluster, RenderContext context, IReadOnlyList<ManifestFile> files)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line("<!-- Rendered by PiCluster from ClusterDefinition; do not edit, change cluster/ and run render. -->");
        Line($"# {cluster.Name}: rendered cluster overview");
        Line();
        if (cluster.Network.Domain == "local" || cluster.Network.Domain.EndsWith(".local", StringComparison.Ordinal))
        {
            // First thing a reader meets: the host names below may not resolve on their laptop at all.
            Line($"> **The host names below end in `.local`, which macOS, iOS and Linux with avahi/nss-mdns (often Android too) resolve by multicast DNS " +
                 "(RFC 6762) and never ask AdGuard: on those clients they may not resolve, or only slowly.** The cluster keeps `.local` because it is its " +
                 "current naming; to switch, set `Domain: \"home.arpa\"` (RFC 8375, the name reserved for home networks) in `cluster/HomeCluster.cs`, run " +
                 "`render`, then `bootstrap secrets --rotate` for the certificate — AdGuard's next start adds the new wildcard rewrite, but keeps the old " +
                 $"`*.{cluster.Network.Domain}` one (the merge leaves entries of other domains alone, like those made in the UI): delete it in AdGuard's UI " +
                 "(Filters → DNS rewrites).");
            Line();
        }
        var traefik = cluster.Services.Traefik;
        Line($"Every web UI lives under the domain `{cluster.Network.Domain}` (`Network.Domain`) and is served over https by Traefik at {traefik.Address} " +
             $"(entry point `{TraefikComponent.SecureEntryPoint}`, port 443; port 80 only redirects). Its certificate covers `*.{cluster.Network.Domain}` and every host below, " +
             $"is kept in Secret `{traefik.TlsSecret}` and is signed by the cluster's own CA that `bootstrap secrets` creates: import `.picluster/{ClusterOverview.CaCertificateFile}` " +
             "once into your browser or OS trust store. No Secret is rendered: manifests name them, bootstrap creates them in the cluster.");
        Line();
        Line("## Services");
        Line();
        Line("| Service | Namespace | Address | Ports | Host name | Storage | Credentials |");
        Line("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in Rows(cluster.Services, context))
            Line($"| {row.Service} | {row.Namespace} | {row.Addresses} | {row.Ports} | {row.Host} | {row.Storage} | {row.Credentials} |");
        Line();
        Line("## NFS exports");
        Line();
        Line("The server exports each folder to the nodes' own addresses, never to the LAN (`/etc/exports`; the kubelet mounts from the node). " +
             "`no_root_squash` is needed because root writes on every export: AdGuard runs as root, the torrent pod's init step creates its folders owned by " +
             $"uid {cluster.Services.Torrent.Uid} (and the rTorrent image fixes ownership as root), the etcd backup runs as root to read the PKI — " +
             "so any host an export is open to can write it as root. The backups export holds every Secret of the cluster and the CA's private keys: it is " +
             "exported to the control-plane node alone, and its volume pins the backup pod there. Remove any older line that exports one of these folders, " +
             "or a folder above one of them, to the subnet: a subdirectory cannot be restricted while its parent is exported more widely.");
        Line();
        Line("```text");
        foreach (var line in ExportLines(context)) Line(line);
        Line("```");
        Line();
        Line("## Flux order");
        Line();
        Line("Each layer is a Flux Kustomization that waits for the one before it (`dependsOn`) and whose timeout covers its slowest HelmRelease. " +
             "A layer holding a DaemonSet (flannel) does not wait for everything it applies; it health-checks what the next layer needs — " +
             string.Join(", ", GatedChecks(files).Select(h => $"{h.Kind} `{h.Namespace}/{h.Name}`")) +
             " — never a DaemonSet, nor a release whose chart ships one: helm-controller waits for every pod of a release, so while a Pi is down an install or " +
             $"upgrade of MetalLB (its speaker) or kube-prometheus-stack (node-exporter) is not Ready. Every release installs and upgrades with `{HelmSource.FailureStrategy}` " +
             $"(tried again every {GoDuration.Format(HelmSource.RetryInterval)}, never uninstalled or rolled back), so it finishes by itself once the Pi is back, and no later layer waits for it meanwhile. " +
             "flannel's objects carry `kustomize.toolkit.fluxcd.io/prune: disabled`, so Flux never deletes the pod network.");
        Line();
        Line("```mermaid");
        foreach (var line in FluxDiagram(files)) Line(line);
        Line("```");
        Line();
        Line("## Addresses");
        Line();
        Line("```mermaid");
        foreach (var line in AddressDiagram(cluster)) Line(line);
        Line("```");
        Line();
        Line("## DNS rewrites");
        Line();
        Line($"AdGuard Home answers every host under `{cluster.Network.Domain}` with Traefik's address through one wildcard rewrite, so a host added " +
             $"to the model later resolves without touching AdGuard (point the LAN's DHCP DNS at {cluster.Services.AdGuard.DnsAddress}; see LAN DNS below):");
        Line();
        foreach (var (domain, answer) in AdGuardComponent.Rewrites(context)) Line($"- `{domain}` → {answer}");
        Line();
        Line("The init step writes it into `AdGuardHome.yaml` on first start and merges it into the existing file on every start after that " +
             "(keyed by domain: the model's entry replaces the one with the same domain; entries made in the UI stay). An exact rewrite made in the UI " +
             $"wins over the wildcard for its host. The wildcard answers every name under `{cluster.Network.Domain}` — other LAN devices asking AdGuard " +
             "for a name in that domain get Traefik's address too; give the cluster a domain of its own (e.g. `k8s.home.arpa`) if they live there.");
        Line();
        Line($"Do not hand out `{cluster.Network.Domain}` as the LAN's DHCP domain or search domain (options 15/119): the nodes pass their search " +
             "domains on to every pod, and pods resolve with `ndots:5`, so a pod's lookup of an outside name with fewer than five dots " +
             $"(`api.github.com`) is tried as `api.github.com.{cluster.Network.Domain}` before the name itself — and the wildcard answers with Traefik's address " +
             "(AdGuard matches a wildcard by suffix, at any depth), and the pod talks to Traefik instead of the site it asked for.");
        Line();
        Line("## LAN DNS when a Pi goes down");
        Line();
        var adguard = cluster.Services.AdGuard;
        Line($"AdGuard Home is one pod. {adguard.DnsAddress} and {adguard.CatchAllAddress} are two addresses of that same pod ({adguard.CatchAllAddress} catches " +
             "clients with hard-coded DNS that the router redirects): it is not a fallback, and both go silent together. When the node running it (or Traefik) " +
             "stops answering, Kubernetes marks the node not ready after the node controller's grace period (`node-monitor-grace-period`, 50 s by default) and " +
             $"evicts the pod {LoadBalancerService.NodeLossToleranceSeconds} s later (its own `not-ready`/`unreachable` tolerations; the admission default would be 300 s), " +
             "then starts it on another node — DNS is back after about a minute and a half, plus the image pull if that node lacks it.");
        Line();
        Line($"For names to keep resolving meanwhile, hand out a second resolver in DHCP after {adguard.DnsAddress} (the router, or a public one such as 9.9.9.9). " +
             "What it costs: clients do not keep to the first server (most operating systems query the second one too, or switch after one slow answer), " +
             $"so some lookups bypass AdGuard's blocking all the time, and the second server cannot answer the cluster's own names (`*.{cluster.Network.Domain}`) " +
             "unless it forwards that domain to AdGuard. Without one, the LAN has no DNS for that minute and a half.");
        Line();
        foreach (var line in AlertLines(cluster)) Line(line);
        Line("## Logging in");
        Line();
        var dashboard = cluster.Services.Dashboard;
        Line($"- Headlamp ({Host(cluster.Network, dashboard.Host)}): paste a token from `{HeadlampComponent.TokenCommand(dashboard)}` " +
             $"(ServiceAccount `{dashboard.LoginServiceAccount}`, ClusterRole `{dashboard.LoginClusterRole}`).");
        Line($"- Grafana ({Host(cluster.Network, cluster.Services.Monitoring.GrafanaHost)}): user and password from Secret `{cluster.Services.Monitoring.GrafanaAdminSecret}`.");
        Line($"- AdGuard Home ({Host(cluster.Network, cluster.Services.AdGuard.Host)}): user `{cluster.Services.AdGuard.AdminUser}`, password whose bcrypt hash is in Secret `{cluster.Services.AdGuard.AdminSecret}`.");
        Line($"- Flood ({Host(cluster.Network, cluster.Services.Torrent.Host)}): basic auth from Secret `{cluster.Services.Torrent.WebAuthSecret}`.");
        return text.ToString();
    }

    /// <summary>Where bootstrap saves the cluster CA's certificate for people to import (under the state folder).</summary>
    public const string CaCertificateFile = "picluster-ca.crt";

    /// <summary>One or more table rows per service of the catalog (<see cref="ServiceRows"/>), in declaration order.</summary>
    public static IReadOnlyList<ServiceRow> Rows(ClusterServices services, RenderContext context) =>
        services.Accept(new ServiceRows(context)).SelectMany(rows => rows).ToList();

    /// <summary>The /etc/exports options of every client: root writes on every export (see the section text).</summary>
    public const string ExportOptions = "rw,sync,no_subtree_check,no_root_squash";

    /// <summary>One /etc/exports line per export, listing each node address it is exported to, after a comment naming its users.</summary>
    public static IEnumerable<string> ExportLines(RenderContext context)
    {
        var users = context.NfsClaims.ToLookup(c => c.Export.Name, c => c.Namespace);
        foreach (var export in context.Nfs.Exports)
        {
            var clients = export.Clients == NfsClients.ControlPlane ? [context.ControlPlane] : context.Nodes;
            yield return $"# {export.Name}: mounted by {(users[export.Name].Any() ? string.Join(", ", users[export.Name]) : "nothing yet")}; " +
                $"exported to {(export.Clients == NfsClients.ControlPlane ? "the control plane" : "every node")} ({string.Join(", ", clients.Select(n => n.Name))})";
            yield return $"{export.Path} {string.Join(" ", clients.Select(n => $"{n.Address}({ExportOptions})"))}";
        }
    }

    internal static string Host(Network network, string label) => $"https://{network.HostName(label)}";

    internal static string Secret(string name, string keys, string what) => $"Secret `{name}` ({what}; `{keys}`), {FromBootstrap}";

    internal static string Nfs(NfsServer nfs, NfsVolume volume, string? below = null)
    {
        var export = nfs.Exports.First(e => e.Name == volume.Export);
        var path = string.Join("/", new[] { export.Path, volume.SubPath, below }.Where(p => !string.IsNullOrEmpty(p)));
        return $"NFS `{path}`";
    }

    /// <summary>"## Alerts": where every alert goes, as Alertmanager and Flux are configured, with the Secrets they read.</summary>
    private static IEnumerable<string> AlertLines(ClusterDefinition cluster)
    {
        var monitoring = cluster.Services.Monitoring;
        var receiver = monitoring.AlertReceiver;
        var alertmanager = $"{MonitoringComponent.AlertmanagerService}.{monitoring.Namespace}:{MonitoringComponent.AlertmanagerPort}";
        yield return "## Alerts";
        yield return "";
        yield return $"Prometheus evaluates the chart's default rules and the cluster's own (etcd backup); Flux's notification-controller sends every error of a " +
                     $"Kustomization, HelmRelease or source to the same Alertmanager (Provider `{FluxSync.AlertProvider}`, Alert `{FluxSync.ErrorAlert}` in `{FluxSync.Namespace}`). " +
                     $"Alertmanager ({alertmanager}) routes them:";
        yield return "";
        yield return "```mermaid";
        yield return "flowchart LR";
        yield return "  rules([\"Prometheus alert rules\"]) --> am[\"Alertmanager\"]";
        yield return "  flux([\"Flux errors\"]) -->|Provider alertmanager| am";
        yield return $"  am -->|every alert, grouped by namespace + alertname| recv[\"{receiver.Name}\"]";
        yield return monitoring.HeartbeatSecret is null
            ? "  am -->|Watchdog| drop[\"dropped (no heartbeat)\"]"
            : $"  am -->|Watchdog every {monitoring.HeartbeatInterval}| beat[\"heartbeat URL\"]";
        yield return "```";
        yield return "";
        yield return $"- Every alert → **{receiver.Name}** ({ReceiverDetail(receiver)}); Alertmanager reads {receiver.Credential} from Secret " +
                     $"`{monitoring.Namespace}/{monitoring.AlertReceiverSecret}`, key `{SecretKeys.ReceiverCredential}` — `bootstrap secrets` creates it from " +
                     $"`.picluster/secrets.yaml` or `{SecretVariable(monitoring.Namespace, monitoring.AlertReceiverSecret, SecretKeys.ReceiverCredential)}` and stops until you give it.";
        yield return monitoring.HeartbeatSecret is { } heartbeat
            ? $"- `Watchdog` (always firing) → the heartbeat URL in Secret `{monitoring.Namespace}/{heartbeat}` (key `{SecretKeys.Url}`) every {monitoring.HeartbeatInterval}: " +
              "a dead-man's switch — the service behind it alerts you when the calls stop (Prometheus, Alertmanager or the cluster down)."
            : "- `Watchdog` (always firing) → dropped: no heartbeat URL. Set `Monitoring.HeartbeatSecret` to a Secret naming a healthchecks.io (or Uptime Kuma) " +
              "ping URL to learn when alerting itself is down.";
        yield return "- `InfoInhibitor` → dropped (it only silences info alerts).";
        yield return "";
    }

    private static string ReceiverDetail(AlertReceiver receiver) => receiver switch
    {
        NtfyReceiver => "a push notification through the ntfy topic",
        TelegramReceiver telegram => $"a Telegram message to chat {telegram.ChatId}",
        EmailReceiver email => $"e-mail to {email.To} from {email.From} through {email.Smarthost} as {email.Username}",
        _ => "Alertmanager's webhook JSON, POSTed",
    };

    /// <summary>The environment variable `bootstrap secrets` reads a Secret's input from (bootstrap/Secrets/SecretStore.cs VariableName).</summary>
    private static string SecretVariable(string ns, string name, string key) =>
        "PICLUSTER_SECRET_" + new string($"{ns}_{name}_{key}".Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_').ToArray());

    /// <summary>The health checks of the layers that do not wait for everything (FluxSync), in file order.</summary>
    private static IEnumerable<FluxHealthCheck> GatedChecks(IReadOnlyList<ManifestFile> files) =>
        files.SelectMany(f => f.Documents).OfType<FluxKustomization>().SelectMany(k => k.Spec.HealthChecks ?? []);

    private static IEnumerable<string> FluxDiagram(IReadOnlyList<ManifestFile> files)
    {
        yield return "flowchart LR";
        var layers = new[]
        {
            ("controllers", "infrastructure-controllers", RenderedLayout.Controllers),
            ("configs", "infrastructure-configs", RenderedLayout.Configs),
            ("apps", "apps", RenderedLayout.Apps),
        };
        foreach (var (id, name, path) in layers)
        {
            yield return $"  subgraph {id} [\"{name} ({path})\"]";
            var entries = files
                .Where(f => f.Path.StartsWith(path + "/", StringComparison.Ordinal))
                .Select(f => f.Path[(path.Length + 1)..].Split('/')[0])
                .Where(e => e != "kustomization.yaml")
                .Distinct()
                .Order(StringComparer.Ordinal);
            foreach (var entry in entries)
                yield return $"    {id}_{NodeId(entry)}[\"{entry}\"]";
            yield return "  end";
        }
        yield return "  flux([\"flux-system\"]) --> controllers --> configs --> apps";
    }

    private static IEnumerable<string> AddressDiagram(ClusterDefinition cluster)
    {
        var s = cluster.Services;
        yield return "flowchart LR";
        yield return "  lan([\"LAN clients\"])";
        yield return $"  traefik[\"{s.Traefik.Address} Traefik\"]";
        yield return $"  dns[\"{s.AdGuard.DnsAddress} DNS\"]";
        yield return $"  catchall[\"{s.AdGuard.CatchAllAddress} DNS catch-all\"]";
        yield return $"  peers[\"{s.Torrent.Address} peers {s.Torrent.PeerPort}\"]";
        yield return "  lan --> traefik & dns & catchall & peers";
        yield return "  dns --> adguard[\"AdGuard Home\"]";
        yield return "  catchall --> adguard";
        yield return "  peers --> torrent[\"rTorrent + Flood\"]";
        yield return $"  traefik -->|{cluster.Network.HostName(s.AdGuard.Host)}| adguard";
        yield return $"  traefik -->|{cluster.Network.HostName(s.Torrent.Host)}| torrent";
        yield return $"  traefik -->|{cluster.Network.HostName(s.Monitoring.GrafanaHost)}| grafana[\"Grafana\"]";
        yield return $"  traefik -->|{cluster.Network.HostName(s.Dashboard.Host)}| headlamp[\"Headlamp\"]";
        yield return $"  traefik -->|{cluster.Network.HostName(s.Traefik.DashboardHost)}| traefikui[\"Traefik dashboard\"]";
    }

    private static string NodeId(string entry) => new(entry.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
