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

        var adguard = services.AdGuard;
        Add(FactKind.ObjectName, "Services.AdGuard.Namespace", adguard.Namespace);
        Add(FactKind.LoadBalancerAddress, "Services.AdGuard.DnsAddress", adguard.DnsAddress);
        Add(FactKind.LoadBalancerAddress, "Services.AdGuard.CatchAllAddress", adguard.CatchAllAddress);
        Add(FactKind.HostName, "Services.AdGuard.Host", adguard.Host);
        Add(FactKind.SingleWriterReplicas, "Services.AdGuard.Replicas", adguard.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddVolume(facts, "Services.AdGuard.Storage", adguard.Storage);

        var torrent = services.Torrent;
        Add(FactKind.ObjectName, "Services.Torrent.Namespace", torrent.Namespace);
        Add(FactKind.LoadBalancerAddress, "Services.Torrent.Address", torrent.Address);
        Add(FactKind.HostName, "Services.Torrent.Host", torrent.Host);
        Add(FactKind.SingleWriterReplicas, "Services.Torrent.Replicas", torrent.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddVolume(facts, "Services.Torrent.Storage", torrent.Storage);

        foreach (var app in services.WebApps)
        {
            var at = $"Services.WebApps[{app.Name}]";
            Add(FactKind.ObjectName, at + ".Name", app.Name);
            Add(FactKind.HostName, at + ".Host", app.Host);
            AddVolume(facts, at + ".Storage", app.Storage);
        }
        return facts;
    }

    private static void AddVolume(List<Fact> facts, string field, NfsVolume? volume)
    {
        if (volume is null) return;
        if (volume.Export is not null) facts.Add(new Fact(FactKind.NfsVolumeExport, field + ".Export", volume.Export));
        if (!string.IsNullOrEmpty(volume.SubPath)) facts.Add(new Fact(FactKind.NfsSubPath, field + ".SubPath", volume.SubPath));
    }
}
