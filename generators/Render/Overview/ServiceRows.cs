using PiCluster.Cluster.Model;
using PiCluster.Render.Components;
using static PiCluster.Render.Overview.ClusterOverview;

namespace PiCluster.Render.Overview;

/// <summary>
/// The overview's service table, one visit per service of the generated catalog: a new service record does not compile
/// until it has its rows here, so the table cannot drift from what render builds.
/// </summary>
public sealed class ServiceRows(RenderContext context) : IClusterServiceVisitor<IEnumerable<ServiceRow>>
{
    public IEnumerable<ServiceRow> Visit(Flannel service) =>
        [new("flannel", service.Namespace, $"pods {context.Kubernetes.PodCidr}", "-", "-", "-", "-")];

    public IEnumerable<ServiceRow> Visit(MetalLb service) =>
        [new("MetalLB", service.Namespace, $"pool {context.Network.LoadBalancerPool}", "-", "-", "-", "-")];

    public IEnumerable<ServiceRow> Visit(Traefik service) =>
    [
        new("Traefik", service.Namespace, service.Address, "443/TCP https; 80/TCP redirects to https", $"{Host(context.Network, service.DashboardHost)} (dashboard)", "-",
            Secret(service.DashboardAuthSecret, SecretKeys.Users, "htpasswd") + "<br>" + Secret(service.TlsSecret, $"{SecretKeys.TlsCertificate}, {SecretKeys.TlsPrivateKey}", $"wildcard certificate for *.{context.Network.Domain}, signed by the cluster CA")),
    ];

    public IEnumerable<ServiceRow> Visit(NfsStorage service) =>
    [
        new("NFS volumes", "-", context.Nfs.Address, "2049/TCP (NFSv4.1)", "-",
            string.Join("<br>", context.Nfs.Exports.Select(e => $"{e.Name}: `{e.Path}`")), "-"),
    ];

    public IEnumerable<ServiceRow> Visit(AdGuardHome service) =>
    [
        new("AdGuard Home", service.Namespace, $"{service.DnsAddress}<br>{service.CatchAllAddress} (catch-all)", "53/TCP+UDP; web 80 via Traefik",
            Host(context.Network, service.Host), $"conf: {Nfs(context.Nfs, service.Config)}<br>work: node-local emptyDir (≤ {service.WorkSizeLimit}; statistics, query log and login sessions are lost when the pod moves, filter lists re-download)",
            Secret(service.AdminSecret, SecretKeys.PasswordHash, "bcrypt hash")),
    ];

    public IEnumerable<ServiceRow> Visit(Torrent service) =>
    [
        new("rTorrent + Flood", service.Namespace, service.Address, $"{service.PeerPort}/TCP+UDP (peers, DHT); UI via Traefik → in-pod auth proxy {TorrentComponent.WebPort} → Flood on 127.0.0.1:{TorrentComponent.FloodLoopbackPort}",
            Host(context.Network, service.Host), string.Join("<br>", new[] { "downloads", "rtorrent", "flood" }.Select(d => Nfs(context.Nfs, service.Storage, d))),
            Secret(service.WebAuthSecret, SecretKeys.Users, "htpasswd") + (service.ImagePullSecret is null ? "" : "<br>" + Secret(service.ImagePullSecret, SecretKeys.DockerConfigJson, "image pull"))),
    ];

    public IEnumerable<ServiceRow> Visit(Monitoring service)
    {
        var pv = service.PrometheusVolume;
        return
        [
            new("Prometheus + Grafana", service.Namespace, $"via Traefik {context.TraefikAddress}", "Grafana 80 via Traefik",
                Host(context.Network, service.GrafanaHost), $"Prometheus: local `{pv.Node}:{pv.Path}` ({pv.Capacity}, {service.Retention} / {service.RetentionSize})<br>Grafana: none (provisioned; chart dashboards + {string.Join(", ", service.Dashboards.Select(d => $"`{d.Name}`"))} from cluster/Dashboards, nothing downloaded)",
                Secret(service.GrafanaAdminSecret, $"{SecretKeys.AdminUser}, {SecretKeys.AdminPassword}", "Grafana admin") + "<br>" +
                Secret(service.AlertReceiverSecret, SecretKeys.ReceiverCredential, $"alert receiver {service.AlertReceiver.Name}: {service.AlertReceiver.Credential}") +
                (service.HeartbeatSecret is null ? "" : "<br>" + Secret(service.HeartbeatSecret, SecretKeys.Url, "heartbeat URL"))),
        ];
    }

    public IEnumerable<ServiceRow> Visit(ClusterDashboard service) =>
    [
        new("Headlamp", service.Namespace, $"via Traefik {context.TraefikAddress}", "80 via Traefik", Host(context.Network, service.Host), "-",
            $"token of ServiceAccount `{service.LoginServiceAccount}` (`kubectl create token`), ClusterRole `{service.LoginClusterRole}`"),
    ];

    public IEnumerable<ServiceRow> Visit(EtcdBackup service) =>
    [
        new("etcd backup", service.Namespace, $"{context.ControlPlane.Name} (host network)", "-", "-",
            $"{Nfs(context.Nfs, service.Target)}: snapshot + `/etc/kubernetes/pki` archive (private keys: protect the export), newest {service.Retention} kept, `{service.Schedule}`, " +
            $"`{EtcdBackupComponent.EtcdImage(service, context.Kubernetes)}`; alerts after {service.AlertAfterHours} h without success or on a failed Job",
            $"etcd client certificate from hostPath `{EtcdBackupComponent.HostPkiDir}` (kubeadm)"),
    ];

    public IEnumerable<ServiceRow> Visit(IReadOnlyList<WebApp> service) =>
        service.Select(app => new ServiceRow(app.Name, app.Namespace, $"via Traefik {context.TraefikAddress}", $"80 via Traefik → {app.Port}",
            Host(context.Network, app.Host), app.Storage is null ? "-" : $"{Nfs(context.Nfs, app.Storage)} at `{app.MountPath}`", "-"));
}
