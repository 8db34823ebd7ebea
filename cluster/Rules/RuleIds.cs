// Shared source (see Ipv4.cs).
namespace PiCluster.Cluster.Rules;

/// <summary>
/// Stable rule identifiers; the analyzer uses them as diagnostic IDs (with a title in its RuleDescriptors) and
/// docs/rules.md explains each. A new ID needs all three, and an AnalyzerReleases.Unshipped.md row (RuleTableTests).
/// </summary>
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
    public const string NestedNfsExport = "PI0015";
    public const string MalformedImageDigest = "PI0016";

}
