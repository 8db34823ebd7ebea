// Shared source (see Ipv4.cs).
namespace PiCluster.Cluster.Rules;

/// <summary>Stable rule identifiers; the analyzers use them as diagnostic IDs and docs/rules.md explains each.</summary>
public static class RuleIds
{
    public const string DuplicateAddress = "PI0001";
    public const string OutsideSubnet = "PI0002";
    public const string OutsidePool = "PI0003";
    public const string DuplicateNodeName = "PI0004";
    public const string DuplicateHostName = "PI0005";
    public const string Malformed = "PI0006";
    public const string InvalidCron = "PI0007";
    public const string BadNfsPath = "PI0008";
    public const string SingleWriterReplicas = "PI0009";
    public const string CidrOverlap = "PI0010";
    public const string ControlPlaneCount = "PI0011";
    public const string InvalidName = "PI0012";
    public const string SharedAddressWithoutKey = "PI0013";
    public const string BackupRetention = "PI0014";

    /// <summary>Short titles, in ID order, for diagnostics descriptors and the docs table.</summary>
    public static readonly string[][] Titles =
    {
        new[] { DuplicateAddress, "Two nodes or services claim the same address" },
        new[] { OutsideSubnet, "Address outside the cluster subnet" },
        new[] { OutsidePool, "LoadBalancer address outside the MetalLB pool" },
        new[] { DuplicateNodeName, "Duplicate node name" },
        new[] { DuplicateHostName, "Duplicate host name" },
        new[] { Malformed, "Malformed address, CIDR or range" },
        new[] { InvalidCron, "Invalid cron schedule" },
        new[] { BadNfsPath, "NFS path not absolute or export unknown" },
        new[] { SingleWriterReplicas, "More than one replica of a single-writer service" },
        new[] { CidrOverlap, "Pod or service network overlaps another network" },
        new[] { ControlPlaneCount, "The cluster needs exactly one control-plane node" },
        new[] { InvalidName, "Name is not a valid Kubernetes name" },
        new[] { SharedAddressWithoutKey, "LoadBalancer address shared without a usable sharing key" },
        new[] { BackupRetention, "Backup retention keeps no backup" },
    };
}
