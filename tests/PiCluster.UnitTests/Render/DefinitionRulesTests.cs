using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Rules;
using PiCluster.Cluster.Validation;

namespace PiCluster.UnitTests.Render;

public class DefinitionRulesTests
{
    private static readonly ClusterDefinition Home = HomeCluster.Definition;

    [Fact]
    public void The_default_definition_breaks_no_rule()
    {
        Assert.Empty(DefinitionValidator.Check(Home));
    }

    public static TheoryData<string, string, string> BrokenDefinitions => new()
    {
        { "node outside subnet", RuleIds.OutsideSubnet, "Nodes[pi3].Address: \"192.168.51.60\"" },
        { "nfs server outside subnet", RuleIds.OutsideSubnet, "Nfs.Address: \"10.1.1.1\"" },
        { "traefik outside pool", RuleIds.OutsidePool, "Services.Traefik.Address: \"192.168.50.100\"" },
        { "two services one address", RuleIds.DuplicateAddress, $"Services.AdGuard.CatchAllAddress: \"{HomeClusterAddresses.ServicesAdGuardDnsAddress}\" is already claimed by Services.AdGuard.DnsAddress" },
        { "torrent on the dns address", RuleIds.DuplicateAddress, $"Services.Torrent.Address: \"{HomeClusterAddresses.ServicesAdGuardDnsAddress}\" is already claimed by Services.AdGuard.DnsAddress; two LoadBalancer Services may share an address only when Services.MetalLb.SharedAddresses declares it with a sharing key" },
        { "sharing entry without key", RuleIds.SharedAddressWithoutKey, "Services.MetalLb.SharedAddresses[0].SharingKey: \"\" is not a usable sharing key" },
        { "traefik on a node with a key", RuleIds.DuplicateAddress, $"Services.Traefik.Address: \"{HomeClusterAddresses.NodesPi5Address}\" is already claimed by Nodes[pi5].Address" },
        { "backup retention zero", RuleIds.BackupRetention, "Services.EtcdBackup.Retention: 0 backups kept" },
        { "backup retention negative", RuleIds.BackupRetention, "Services.EtcdBackup.Retention: -3 backups kept" },
        { "backup schedule invalid", RuleIds.InvalidCron, "Services.EtcdBackup.Schedule: \"0 3 * *\" is not a valid cron schedule" },
        { "backup export unknown", RuleIds.BadNfsPath, "Services.EtcdBackup.Target.Export: \"archive\" names no NFS export" },
        { "export inside another", RuleIds.NestedNfsExport, "Nfs.Exports[adguard].Path: \"/media/nfs/backups/adguard\" lies inside Nfs.Exports[backups].Path \"/media/nfs/backups\"" },
        { "adguard conf path absolute", RuleIds.BadNfsPath, "Services.AdGuard.Config.SubPath: \"/conf\" must be a path relative to the export" },
        { "torrent replicas", RuleIds.SingleWriterReplicas, "Services.Torrent.Replicas: 2 replicas" },
        { "grafana replicas", RuleIds.SingleWriterReplicas, "Services.Monitoring.GrafanaReplicas: 3 replicas" },
        { "grafana host taken", RuleIds.DuplicateHostName, "Services.Monitoring.GrafanaHost: host name \"adguard\" is already used by Services.AdGuard.Host" },
        { "dashboard host taken", RuleIds.DuplicateHostName, "Services.Dashboard.Host: host name \"grafana\" is already used by Services.Monitoring.GrafanaHost" },
        { "dashboard host not a label", RuleIds.InvalidName, "Services.Dashboard.Host: \"k8s.local\" is not a valid host label" },
        { "pull secret name invalid", RuleIds.InvalidName, "Services.Torrent.ImagePullSecret: \"GHCR_Token\" is not a valid name" },
        { "service on node address", RuleIds.DuplicateAddress, $"Services.Torrent.Address: \"{HomeClusterAddresses.NodesPi5Address}\" is already claimed by Nodes[pi5].Address" },
        { "duplicate node address", RuleIds.DuplicateAddress, $"Nodes[pi2].Address: \"{HomeClusterAddresses.NodesPi1Address}\" is already claimed by Nodes[pi1].Address" },
        { "duplicate node name", RuleIds.DuplicateNodeName, "Nodes[pi1].Name: node name \"pi1\" is already used by Nodes[pi1].Name" },
        { "duplicate host name", RuleIds.DuplicateHostName, "Services.Torrent.Host: host name \"traefik\" is already used by Services.Traefik.DashboardHost" },
        { "bad domain", RuleIds.InvalidName, "Network.Domain: \"home..arpa\" is not a valid DNS domain" },
        { "nfs path relative", RuleIds.BadNfsPath, "Nfs.Exports[backups].Path: \"media/nfs/backups\" is not an absolute path" },
        { "unknown export", RuleIds.BadNfsPath, "Services.Torrent.Storage.Export: \"downloads\" names no NFS export" },
        { "malformed address", RuleIds.Malformed, "Nodes[pi4].Address: \"192.168.50.360\" is malformed" },
        { "malformed subnet", RuleIds.Malformed, "Network.Subnet: \"192.168.50.1/24\" is malformed" },
        { "pool backwards", RuleIds.Malformed, "Network.LoadBalancerPool.Last: \"192.168.50.100\" comes before" },
        { "adguard replicas", RuleIds.SingleWriterReplicas, "Services.AdGuard.Replicas: 2 replicas" },
        { "pod cidr overlaps lan", RuleIds.CidrOverlap, "Kubernetes.PodCidr: \"192.168.0.0/16\" overlaps the LAN subnet" },
        { "two control planes", RuleIds.ControlPlaneCount, "Nodes[pi1].Role: \"ControlPlane\" makes 2 control-plane nodes" },
        { "bad node name", RuleIds.InvalidName, "Nodes[Pi_7].Name: \"Pi_7\" is not a valid name" },
    };

    [Theory]
    [MemberData(nameof(BrokenDefinitions))]
    public void Each_rule_rejects_a_broken_definition_naming_field_and_value(string change, string ruleId, string message)
    {
        var violations = DefinitionValidator.Check(Break(change));
        var match = violations.FirstOrDefault(v => v.RuleId == ruleId);
        Assert.True(match is not null, $"{change}: expected {ruleId}, got: {string.Join("; ", violations)}");
        Assert.Contains(message, match!.Message);
    }

    [Fact]
    public void A_shared_address_with_a_sharing_key_is_accepted()
    {
        var s = Home.Services;
        var shared = Home with
        {
            Services = s with
            {
                Torrent = s.Torrent with { Address = HomeClusterAddresses.ServicesAdGuardDnsAddress },
                MetalLb = s.MetalLb with { SharedAddresses = [new SharedAddress(HomeClusterAddresses.ServicesAdGuardDnsAddress, "dns-and-peers")] },
            },
        };
        Assert.Empty(DefinitionValidator.Check(shared));
    }

    [Fact]
    public void New_rule_ids_follow_pi0012_in_order()
    {
        Assert.Equal("PI0013", RuleIds.SharedAddressWithoutKey);
        Assert.Equal("PI0014", RuleIds.BackupRetention);
        var ids = typeof(RuleIds).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Contains(RuleIds.SharedAddressWithoutKey, ids);
        Assert.Contains(RuleIds.BackupRetention, ids);
    }

    [Theory]
    [InlineData("0 3 * * *", true)]
    [InlineData("@daily", true)]
    [InlineData("*/15 1-5 * JAN-MAR mon,fri", true)]
    [InlineData("0 25 * * *", false)]
    [InlineData("0 3 * *", false)]
    [InlineData("@sometimes", false)]
    [InlineData("5-1 * * * *", false)]
    [InlineData("TZ=UTC 0 3 * * *", false)]
    public void Cron_schedules_are_checked(string schedule, bool valid)
    {
        var violations = DefinitionRules.Check([new Fact(FactKind.CronSchedule, "Services.EtcdBackup.Schedule", schedule)]);
        Assert.Equal(valid, violations.Count == 0);
        if (!valid) Assert.Equal(RuleIds.InvalidCron, violations[0].RuleId);
    }

    private static ClusterDefinition Break(string change)
    {
        var s = Home.Services;
        ClusterDefinition WithNode(int index, Node node) => Home with { Nodes = [.. Home.Nodes.Select((n, i) => i == index ? node : n)] };
        return change switch
        {
            "node outside subnet" => WithNode(3, Home.Nodes[3] with { Address = "192.168.51.60" }),
            "nfs server outside subnet" => Home with { Nfs = Home.Nfs with { Address = "10.1.1.1" } },
            "traefik outside pool" => Home with { Services = s with { Traefik = s.Traefik with { Address = "192.168.50.100" } } },
            "torrent on the dns address" => Home with { Services = s with { Torrent = s.Torrent with { Address = HomeClusterAddresses.ServicesAdGuardDnsAddress } } },
            "sharing entry without key" => Home with
            {
                Services = s with
                {
                    Torrent = s.Torrent with { Address = HomeClusterAddresses.ServicesAdGuardDnsAddress },
                    MetalLb = s.MetalLb with { SharedAddresses = [new SharedAddress(HomeClusterAddresses.ServicesAdGuardDnsAddress, "")] },
                },
            },
            "traefik on a node with a key" => Home with
            {
                Services = s with
                {
                    Traefik = s.Traefik with { Address = HomeClusterAddresses.NodesPi5Address },
                    MetalLb = s.MetalLb with { SharedAddresses = [new SharedAddress(HomeClusterAddresses.NodesPi5Address, "shared")] },
                },
            },
            "backup retention zero" => Home with { Services = s with { EtcdBackup = s.EtcdBackup with { Retention = 0 } } },
            "backup retention negative" => Home with { Services = s with { EtcdBackup = s.EtcdBackup with { Retention = -3 } } },
            "backup schedule invalid" => Home with { Services = s with { EtcdBackup = s.EtcdBackup with { Schedule = "0 3 * *" } } },
            "backup export unknown" => Home with { Services = s with { EtcdBackup = s.EtcdBackup with { Target = new NfsVolume("archive") } } },
            "export inside another" => Home with { Nfs = Home.Nfs with { Exports = [.. Home.Nfs.Exports.Where(e => e.Name != "adguard"), new NfsExport("adguard", "/media/nfs/backups/adguard")] } },
            "adguard conf path absolute" => Home with { Services = s with { AdGuard = s.AdGuard with { Config = new NfsVolume("adguard", "/conf") } } },
            "torrent replicas" => Home with { Services = s with { Torrent = s.Torrent with { Replicas = 2 } } },
            "grafana replicas" => Home with { Services = s with { Monitoring = s.Monitoring with { GrafanaReplicas = 3 } } },
            "grafana host taken" => Home with { Services = s with { Monitoring = s.Monitoring with { GrafanaHost = "adguard" } } },
            "dashboard host taken" => Home with { Services = s with { Dashboard = s.Dashboard with { Host = "grafana" } } },
            "dashboard host not a label" => Home with { Services = s with { Dashboard = s.Dashboard with { Host = "k8s.local" } } },
            "pull secret name invalid" => Home with { Services = s with { Torrent = s.Torrent with { ImagePullSecret = "GHCR_Token" } } },
            "two services one address" => Home with { Services = s with { AdGuard = s.AdGuard with { CatchAllAddress = HomeClusterAddresses.ServicesAdGuardDnsAddress } } },
            "service on node address" => Home with { Services = s with { Torrent = s.Torrent with { Address = HomeClusterAddresses.NodesPi5Address } } },
            "duplicate node address" => WithNode(2, Home.Nodes[2] with { Address = HomeClusterAddresses.NodesPi1Address }),
            "duplicate node name" => WithNode(2, Home.Nodes[2] with { Name = "pi1" }),
            "duplicate host name" => Home with { Services = s with { Torrent = s.Torrent with { Host = "traefik" } } },
            "nfs path relative" => Home with { Nfs = Home.Nfs with { Exports = [Home.Nfs.Exports[0] with { Path = "media/nfs/backups" }, .. Home.Nfs.Exports.Skip(1)] } },
            "unknown export" => Home with { Services = s with { Torrent = s.Torrent with { Storage = new NfsVolume("downloads") } } },
            "malformed address" => WithNode(4, Home.Nodes[4] with { Address = "192.168.50.360" }),
            "malformed subnet" => Home with { Network = Home.Network with { Subnet = "192.168.50.1/24" } },
            "pool backwards" => Home with { Network = Home.Network with { LoadBalancerPool = new AddressRange("192.168.50.200", "192.168.50.100") } },
            "bad domain" => Home with { Network = Home.Network with { Domain = "home..arpa" } },
            "adguard replicas" => Home with { Services = s with { AdGuard = s.AdGuard with { Replicas = 2 } } },
            "pod cidr overlaps lan" => Home with { Kubernetes = Home.Kubernetes with { PodCidr = "192.168.0.0/16" } },
            "two control planes" => WithNode(1, Home.Nodes[1] with { Role = NodeRole.ControlPlane }),
            "bad node name" => WithNode(5, Home.Nodes[5] with { Name = "Pi_7" }),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };
    }
}
