using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Validation;

/// <summary>Turns a definition into the facts <see cref="DefinitionRules"/> judges.</summary>
public static class DefinitionFacts
{
    public static IReadOnlyList<Fact> From(ClusterDefinition cluster)
    {
        var facts = new List<Fact>();
        void Add(FactKind kind, string field, string? value)
        {
            // A missing value is a different mistake (null in a record); render reports it where the value is used.
            if (value is not null) facts.Add(new Fact(kind, field, value));
        }

        Add(FactKind.ObjectName, "Name", cluster.Name);
        var network = cluster.Network;
        Add(FactKind.Subnet, "Network.Subnet", network.Subnet);
        Add(FactKind.PoolFirst, "Network.LoadBalancerPool.First", network.LoadBalancerPool.First);
        Add(FactKind.PoolLast, "Network.LoadBalancerPool.Last", network.LoadBalancerPool.Last);
        Add(FactKind.HostAddress, "Network.Gateway", network.Gateway);
        Add(FactKind.Domain, "Network.Domain", network.Domain);
        for (var i = 0; i < network.UpstreamDns.Count; i++)
            Add(FactKind.ReferencedAddress, $"Network.UpstreamDns[{i}]", network.UpstreamDns[i]);
        Add(FactKind.InternalCidr, "Kubernetes.PodCidr", cluster.Kubernetes.PodCidr);
        Add(FactKind.InternalCidr, "Kubernetes.ServiceCidr", cluster.Kubernetes.ServiceCidr);

        for (var i = 0; i < cluster.Nodes.Count; i++)
        {
            var node = cluster.Nodes[i];
            var at = $"Nodes[{node.Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
            Add(FactKind.NodeName, at + ".Name", node.Name);
            Add(FactKind.HostAddress, at + ".Address", node.Address);
            Add(FactKind.NodeRole, at + ".Role", node.Role.ToString());
        }

        Add(FactKind.HostAddress, "Nfs.Address", cluster.Nfs.Address);
        foreach (var export in cluster.Nfs.Exports)
        {
            Add(FactKind.NfsExportName, $"Nfs.Exports[{export.Name}].Name", export.Name);
            Add(FactKind.NfsExportPath, $"Nfs.Exports[{export.Name}].Path", export.Path);
        }

        var services = cluster.Services;
        Add(FactKind.ObjectName, "Services.Flannel.Namespace", services.Flannel.Namespace);
        Add(FactKind.ObjectName, "Services.MetalLb.Namespace", services.MetalLb.Namespace);
        Add(FactKind.ObjectName, "Services.MetalLb.PoolName", services.MetalLb.PoolName);
        Add(FactKind.ObjectName, "Services.Traefik.Namespace", services.Traefik.Namespace);
        Add(FactKind.LoadBalancerAddress, "Services.Traefik.Address", services.Traefik.Address);
        Add(FactKind.HostName, "Services.Traefik.DashboardHost", services.Traefik.DashboardHost);

        for (var i = 0; i < services.MetalLb.SharedAddresses.Count; i++)
        {
            var shared = services.MetalLb.SharedAddresses[i];
            var at = $"Services.MetalLb.SharedAddresses[{i}]";
            // Without a key the address does not count as shared, so a second claim on it is reported (PI0013).
            if (!string.IsNullOrEmpty(shared.SharingKey))
            {
                Add(FactKind.SharedAddress, at + ".Address", shared.Address);
                Add(FactKind.ObjectName, at + ".SharingKey", shared.SharingKey);
            }
        }

        var adguard = services.AdGuard;
        Add(FactKind.ObjectName, "Services.AdGuard.Namespace", adguard.Namespace);
        Add(FactKind.LoadBalancerAddress, "Services.AdGuard.DnsAddress", adguard.DnsAddress);
        Add(FactKind.LoadBalancerAddress, "Services.AdGuard.CatchAllAddress", adguard.CatchAllAddress);
        Add(FactKind.HostName, "Services.AdGuard.Host", adguard.Host);
        Add(FactKind.SingleWriterReplicas, "Services.AdGuard.Replicas", Number(adguard.Replicas));
        Add(FactKind.ObjectName, "Services.AdGuard.AdminSecret", adguard.AdminSecret);
        AddVolume(facts, "Services.AdGuard.Config", adguard.Config);
        AddVolume(facts, "Services.AdGuard.Work", adguard.Work);
        for (var i = 0; i < adguard.BootstrapDns.Count; i++)
            Add(FactKind.ReferencedAddress, $"Services.AdGuard.BootstrapDns[{i}]", adguard.BootstrapDns[i]);

        var torrent = services.Torrent;
        Add(FactKind.ObjectName, "Services.Torrent.Namespace", torrent.Namespace);
        Add(FactKind.LoadBalancerAddress, "Services.Torrent.Address", torrent.Address);
        Add(FactKind.HostName, "Services.Torrent.Host", torrent.Host);
        Add(FactKind.SingleWriterReplicas, "Services.Torrent.Replicas", Number(torrent.Replicas));
        Add(FactKind.ObjectName, "Services.Torrent.PodHostname", torrent.PodHostname);
        Add(FactKind.ObjectName, "Services.Torrent.WebAuthSecret", torrent.WebAuthSecret);
        Add(FactKind.ObjectName, "Services.Torrent.ImagePullSecret", torrent.ImagePullSecret);
        AddVolume(facts, "Services.Torrent.Storage", torrent.Storage);

        var monitoring = services.Monitoring;
        Add(FactKind.ObjectName, "Services.Monitoring.Namespace", monitoring.Namespace);
        Add(FactKind.HostName, "Services.Monitoring.GrafanaHost", monitoring.GrafanaHost);
        Add(FactKind.ObjectName, "Services.Monitoring.GrafanaAdminSecret", monitoring.GrafanaAdminSecret);
        // Grafana keeps users and sessions in a pod-local SQLite file: a second replica logs people out at random.
        Add(FactKind.SingleWriterReplicas, "Services.Monitoring.GrafanaReplicas", Number(monitoring.GrafanaReplicas));

        var dashboard = services.Dashboard;
        Add(FactKind.ObjectName, "Services.Dashboard.Namespace", dashboard.Namespace);
        Add(FactKind.HostName, "Services.Dashboard.Host", dashboard.Host);
        Add(FactKind.ObjectName, "Services.Dashboard.LoginServiceAccount", dashboard.LoginServiceAccount);

        var backup = services.EtcdBackup;
        Add(FactKind.ObjectName, "Services.EtcdBackup.Namespace", backup.Namespace);
        Add(FactKind.CronSchedule, "Services.EtcdBackup.Schedule", backup.Schedule);
        Add(FactKind.BackupRetention, "Services.EtcdBackup.Retention", Number(backup.Retention));
        AddVolume(facts, "Services.EtcdBackup.Target", backup.Target);
        return facts;
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void AddVolume(List<Fact> facts, string field, NfsVolume? volume)
    {
        if (volume is null) return;
        if (volume.Export is not null) facts.Add(new Fact(FactKind.NfsVolumeExport, field + ".Export", volume.Export));
        if (!string.IsNullOrEmpty(volume.SubPath)) facts.Add(new Fact(FactKind.NfsSubPath, field + ".SubPath", volume.SubPath));
    }
}
