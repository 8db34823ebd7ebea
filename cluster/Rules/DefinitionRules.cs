// Shared source (see Ipv4.cs).
using System.Collections.Generic;
using System.Linq;

namespace PiCluster.Cluster.Rules;

/// <summary>
/// Every rule that judges a cluster definition. Render runs it on facts taken from the records; the analyzers
/// run it on facts taken from constant syntax, so compile time and run time never disagree. A fact whose value
/// is missing (null, not a constant) is simply not offered, and the rules that need it stay silent.
/// </summary>
public static class DefinitionRules
{
    public static List<Violation> Check(IReadOnlyList<Fact> facts)
    {
        var violations = new List<Violation>();
        var subnet = ParseSingleCidr(facts, FactKind.Subnet, violations);
        var pool = CheckPool(facts, subnet, violations);
        CheckInternalCidrs(facts, subnet, violations);
        CheckAddresses(facts, subnet, pool, violations);
        CheckDuplicates(facts, FactKind.NodeName, RuleIds.DuplicateNodeName, "node name", violations);
        CheckDuplicates(facts, FactKind.HostName, RuleIds.DuplicateHostName, "host name", violations);
        CheckNames(facts, violations);
        CheckControlPlane(facts, violations);
        CheckNfs(facts, violations);
        CheckSchedulesAndReplicas(facts, violations);
        return violations;
    }

    private static Ipv4Cidr? ParseSingleCidr(IReadOnlyList<Fact> facts, FactKind kind, List<Violation> violations)
    {
        Ipv4Cidr? result = null;
        foreach (var fact in Of(facts, kind))
        {
            if (Ipv4Cidr.TryParse(fact.Value, out var cidr)) result = cidr;
            else violations.Add(Malformed(fact, "a CIDR such as 192.168.50.0/24 (host bits zero)"));
        }
        return result;
    }

    private static (uint First, uint Last)? CheckPool(IReadOnlyList<Fact> facts, Ipv4Cidr? subnet, List<Violation> violations)
    {
        uint? first = null, last = null;
        Fact? lastFact = null;
        foreach (var fact in facts)
        {
            if (fact.Kind != FactKind.PoolFirst && fact.Kind != FactKind.PoolLast) continue;
            if (!Ipv4.TryParse(fact.Value, out var address))
            {
                violations.Add(Malformed(fact, "an IPv4 address such as 192.168.50.200"));
                continue;
            }
            if (subnet is { } s && !s.Contains(address))
                violations.Add(new Violation(RuleIds.OutsideSubnet, fact, $"{fact.Field}: \"{fact.Value}\" is outside the cluster subnet {Ipv4.Format(s.Network)}/{s.PrefixLength}"));
            if (fact.Kind == FactKind.PoolFirst) first = address;
            else
            {
                last = address;
                lastFact = fact;
            }
        }
        if (first is null || last is null) return null;
        if (last < first)
        {
            violations.Add(new Violation(RuleIds.Malformed, lastFact!, $"{lastFact!.Field}: \"{lastFact.Value}\" comes before the pool's first address {Ipv4.Format(first.Value)}; the range runs backwards"));
            return null;
        }
        return (first.Value, last.Value);
    }

    private static void CheckInternalCidrs(IReadOnlyList<Fact> facts, Ipv4Cidr? subnet, List<Violation> violations)
    {
        var seen = new List<(Fact Fact, Ipv4Cidr Cidr)>();
        foreach (var fact in Of(facts, FactKind.InternalCidr))
        {
            if (!Ipv4Cidr.TryParse(fact.Value, out var cidr))
            {
                violations.Add(Malformed(fact, "a CIDR such as 10.244.0.0/16 (host bits zero)"));
                continue;
            }
            if (subnet is { } s && cidr.Overlaps(s))
                violations.Add(new Violation(RuleIds.CidrOverlap, fact, $"{fact.Field}: \"{fact.Value}\" overlaps the LAN subnet {Ipv4.Format(s.Network)}/{s.PrefixLength}"));
            foreach (var other in seen)
            {
                if (cidr.Overlaps(other.Cidr))
                    violations.Add(new Violation(RuleIds.CidrOverlap, fact, $"{fact.Field}: \"{fact.Value}\" overlaps {other.Fact.Field} \"{other.Fact.Value}\""));
            }
            seen.Add((fact, cidr));
        }
    }

    private static void CheckAddresses(IReadOnlyList<Fact> facts, Ipv4Cidr? subnet, (uint First, uint Last)? pool, List<Violation> violations)
    {
        var claimed = new Dictionary<uint, Fact>();
        var shared = new HashSet<uint>();
        foreach (var fact in Of(facts, FactKind.SharedAddress))
        {
            if (Ipv4.TryParse(fact.Value, out var address)) shared.Add(address);
            else violations.Add(Malformed(fact, "an IPv4 address such as 192.168.50.240"));
        }
        foreach (var fact in facts)
        {
            var isHost = fact.Kind == FactKind.HostAddress;
            var isBalanced = fact.Kind == FactKind.LoadBalancerAddress;
            if (!isHost && !isBalanced && fact.Kind != FactKind.ReferencedAddress) continue;
            if (!Ipv4.TryParse(fact.Value, out var address))
            {
                violations.Add(Malformed(fact, "an IPv4 address such as 192.168.50.10"));
                continue;
            }
            if (fact.Kind == FactKind.ReferencedAddress) continue;
            if (subnet is { } s && !s.Contains(address))
                violations.Add(new Violation(RuleIds.OutsideSubnet, fact, $"{fact.Field}: \"{fact.Value}\" is outside the cluster subnet {Ipv4.Format(s.Network)}/{s.PrefixLength}"));
            if (pool is { } p)
            {
                var inPool = address >= p.First && address <= p.Last;
                var range = Ipv4.Format(p.First) + "-" + Ipv4.Format(p.Last);
                if (isBalanced && !inPool)
                    violations.Add(new Violation(RuleIds.OutsidePool, fact, $"{fact.Field}: \"{fact.Value}\" is outside the MetalLB pool {range}"));
            }
            if (claimed.TryGetValue(address, out var first))
            {
                // Two LoadBalancer Services may share an address (different ports) only under one MetalLB sharing key.
                if (isBalanced && first.Kind == FactKind.LoadBalancerAddress)
                {
                    if (!shared.Contains(address))
                        violations.Add(new Violation(RuleIds.DuplicateAddress, fact, $"{fact.Field}: \"{fact.Value}\" is already claimed by {first.Field}; two LoadBalancer Services may share an address only when Services.MetalLb.SharedAddresses declares it with a sharing key"));
                }
                else
                {
                    violations.Add(new Violation(RuleIds.DuplicateAddress, fact, $"{fact.Field}: \"{fact.Value}\" is already claimed by {first.Field}"));
                }
            }
            else
                claimed.Add(address, fact);
        }
    }

    private static void CheckDuplicates(IReadOnlyList<Fact> facts, FactKind kind, string ruleId, string what, List<Violation> violations)
    {
        var seen = new Dictionary<string, Fact>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var fact in Of(facts, kind))
        {
            if (seen.TryGetValue(fact.Value, out var first))
                violations.Add(new Violation(ruleId, fact, $"{fact.Field}: {what} \"{fact.Value}\" is already used by {first.Field}"));
            else
                seen.Add(fact.Value, fact);
        }
    }

    private static void CheckNames(IReadOnlyList<Fact> facts, List<Violation> violations)
    {
        foreach (var fact in facts)
        {
            if (fact.Kind == FactKind.NodeName || fact.Kind == FactKind.ObjectName)
            {
                if (!IsDnsLabel(fact.Value))
                    violations.Add(new Violation(RuleIds.InvalidName, fact, $"{fact.Field}: \"{fact.Value}\" is not a valid name (lower-case letters, digits and '-', 1-63 characters, starting and ending alphanumeric)"));
            }
            else if (fact.Kind == FactKind.HostName && !IsDnsLabel(fact.Value))
            {
                violations.Add(new Violation(RuleIds.InvalidName, fact, $"{fact.Field}: \"{fact.Value}\" is not a valid host label (one DNS label; the domain is set once in Network.Domain)"));
            }
            else if (fact.Kind == FactKind.Domain && !IsDnsName(fact.Value))
            {
                violations.Add(new Violation(RuleIds.InvalidName, fact, $"{fact.Field}: \"{fact.Value}\" is not a valid DNS domain"));
            }
        }
    }

    private static void CheckControlPlane(IReadOnlyList<Fact> facts, List<Violation> violations)
    {
        var roles = Of(facts, FactKind.NodeRole).ToList();
        if (roles.Count == 0) return;
        var controlPlanes = roles.Where(r => r.Value == Fact.ControlPlaneRole).ToList();
        if (controlPlanes.Count == 1) return;
        var at = controlPlanes.Count > 1 ? controlPlanes[1] : roles[0];
        violations.Add(new Violation(RuleIds.ControlPlaneCount, at,
            controlPlanes.Count == 0
                ? $"{at.Field}: no node has the role ControlPlane; exactly one is needed"
                : $"{at.Field}: \"{at.Value}\" makes {controlPlanes.Count} control-plane nodes; exactly one is supported"));
    }

    private static void CheckNfs(IReadOnlyList<Fact> facts, List<Violation> violations)
    {
        var exports = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var fact in Of(facts, FactKind.NfsExportName))
        {
            if (!exports.Add(fact.Value))
                violations.Add(new Violation(RuleIds.BadNfsPath, fact, $"{fact.Field}: export name \"{fact.Value}\" is defined twice"));
        }
        var absolute = new List<Fact>();
        foreach (var fact in Of(facts, FactKind.NfsExportPath))
        {
            if (!fact.Value.StartsWith("/", System.StringComparison.Ordinal) || HasDotDot(fact.Value))
                violations.Add(new Violation(RuleIds.BadNfsPath, fact, $"{fact.Field}: \"{fact.Value}\" is not an absolute path on the NFS server"));
            else absolute.Add(fact);
        }
        CheckNestedExports(absolute, violations);
        var exportNamesKnown = Of(facts, FactKind.NfsExportName).Any();
        foreach (var fact in Of(facts, FactKind.NfsVolumeExport))
        {
            if (exportNamesKnown && !exports.Contains(fact.Value))
                violations.Add(new Violation(RuleIds.BadNfsPath, fact, $"{fact.Field}: \"{fact.Value}\" names no NFS export (known: {string.Join(", ", exports.OrderBy(e => e, System.StringComparer.Ordinal))})"));
        }
        foreach (var fact in Of(facts, FactKind.NfsSubPath))
        {
            if (fact.Value.StartsWith("/", System.StringComparison.Ordinal) || HasDotDot(fact.Value))
                violations.Add(new Violation(RuleIds.BadNfsPath, fact, $"{fact.Field}: \"{fact.Value}\" must be a path relative to the export, without '..'"));
        }
    }

    /// <summary>
    /// PI0015: an export inside (or equal to) another is reachable through the outer one with the outer one's clients and
    /// options, so it cannot be restricted further; reported at the inner path.
    /// </summary>
    private static void CheckNestedExports(List<Fact> paths, List<Violation> violations)
    {
        static string Clean(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
        foreach (var inner in paths)
        {
            var innerPath = Clean(inner.Value);
            foreach (var outer in paths)
            {
                if (ReferenceEquals(inner, outer)) continue;
                var outerPath = Clean(outer.Value);
                var same = innerPath == outerPath;
                // Equal paths are reported once, at the later export.
                if (same && paths.IndexOf(inner) < paths.IndexOf(outer)) continue;
                if (!same && !innerPath.StartsWith(outerPath == "/" ? "/" : outerPath + "/", System.StringComparison.Ordinal)) continue;
                violations.Add(new Violation(RuleIds.NestedNfsExport, inner,
                    $"{inner.Field}: \"{inner.Value}\" {(same ? "is the same folder as" : "lies inside")} {outer.Field} \"{outer.Value}\": every client of that export reaches it with that export's options, so it cannot be restricted further; export sibling folders instead"));
                break;
            }
        }
    }

    private static void CheckSchedulesAndReplicas(IReadOnlyList<Fact> facts, List<Violation> violations)
    {
        foreach (var fact in Of(facts, FactKind.CronSchedule))
        {
            var problem = CronSchedule.Check(fact.Value);
            if (problem is not null)
                violations.Add(new Violation(RuleIds.InvalidCron, fact, $"{fact.Field}: \"{fact.Value}\" is not a valid cron schedule: {problem}"));
        }
        foreach (var fact in Of(facts, FactKind.SingleWriterReplicas))
        {
            if (!int.TryParse(fact.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var replicas) || replicas > 1 || replicas < 0)
                violations.Add(new Violation(RuleIds.SingleWriterReplicas, fact, $"{fact.Field}: {fact.Value} replicas; this service keeps single-writer state (a database or lock file) and must run 0 or 1 replica"));
        }
        foreach (var fact in Of(facts, FactKind.SharingKey))
        {
            if (!IsDnsLabel(fact.Value))
                violations.Add(new Violation(RuleIds.SharedAddressWithoutKey, fact, $"{fact.Field}: \"{fact.Value}\" is not a usable sharing key; MetalLB shares an address only between Services with the same non-empty key (lower-case letters, digits, '-')"));
        }
        foreach (var fact in Of(facts, FactKind.ImageDigest))
        {
            if (!IsImageDigest(fact.Value))
                violations.Add(new Violation(RuleIds.MalformedImageDigest, fact, $"{fact.Field}: \"{fact.Value}\" is not an image digest; expected sha256: and 64 lower-case hex digits, as `crane digest` or the registry prints it"));
        }
        foreach (var fact in Of(facts, FactKind.BackupRetention))
        {
            if (!int.TryParse(fact.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var kept) || kept < 1)
                violations.Add(new Violation(RuleIds.BackupRetention, fact, $"{fact.Field}: {fact.Value} backups kept; the retention must keep at least 1, or every new backup is deleted at once"));
        }
    }

    private static IEnumerable<Fact> Of(IReadOnlyList<Fact> facts, FactKind kind) => facts.Where(f => f.Kind == kind);

    private static bool IsImageDigest(string value) =>
        value.Length == 71 && value.StartsWith("sha256:", System.StringComparison.Ordinal) && value.Skip(7).All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static Violation Malformed(Fact fact, string expected) =>
        new(RuleIds.Malformed, fact, $"{fact.Field}: \"{fact.Value}\" is malformed; expected {expected}");

    private static bool HasDotDot(string path) => path.Split('/').Any(segment => segment == "..");

    private static bool IsDnsLabel(string value)
    {
        if (value.Length == 0 || value.Length > 63) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && !(c == '-' && i > 0 && i < value.Length - 1)) return false;
        }
        return true;
    }

    private static bool IsDnsName(string value) =>
        value.Length > 0 && value.Length <= 253 && value.Split('.').All(IsDnsLabel);
}
