using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using PiCluster.Cluster.Rules;

namespace PiCluster.Analyzers.Diagnostics;

/// <summary>
/// One Error descriptor per <see cref="RuleIds"/> constant. Spelled out one by one because release tracking
/// (AnalyzerReleases.*.md, RS2000) reads the descriptors' constant arguments; RuleTableTests fails when an ID has no
/// descriptor, no release entry or no row in docs/rules.md.
/// </summary>
internal static class RuleDescriptors
{
    public const string Category = "PiCluster.Definition";
    private const string HelpRoot = "https://github.com/home-lab/picluster/blob/main/docs/rules.md";

    public static readonly DiagnosticDescriptor DuplicateAddress = new(
        id: RuleIds.DuplicateAddress,
        title: "Two nodes or services claim the same address",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Two nodes or services claim the same address. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0001");

    public static readonly DiagnosticDescriptor OutsideSubnet = new(
        id: RuleIds.OutsideSubnet,
        title: "Address outside the cluster subnet",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Address outside the cluster subnet. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0002");

    public static readonly DiagnosticDescriptor OutsidePool = new(
        id: RuleIds.OutsidePool,
        title: "LoadBalancer address outside the MetalLB pool",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "LoadBalancer address outside the MetalLB pool. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0003");

    public static readonly DiagnosticDescriptor DuplicateNodeName = new(
        id: RuleIds.DuplicateNodeName,
        title: "Duplicate node name",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Duplicate node name. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0004");

    public static readonly DiagnosticDescriptor DuplicateHostName = new(
        id: RuleIds.DuplicateHostName,
        title: "Duplicate host name",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Duplicate host name. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0005");

    public static readonly DiagnosticDescriptor Malformed = new(
        id: RuleIds.Malformed,
        title: "Malformed address, CIDR or range",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Malformed address, CIDR or range. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0006");

    public static readonly DiagnosticDescriptor InvalidCron = new(
        id: RuleIds.InvalidCron,
        title: "Invalid cron schedule",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Invalid cron schedule. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0007");

    public static readonly DiagnosticDescriptor BadNfsPath = new(
        id: RuleIds.BadNfsPath,
        title: "NFS path not absolute or export unknown",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "NFS path not absolute or export unknown. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0008");

    public static readonly DiagnosticDescriptor SingleWriterReplicas = new(
        id: RuleIds.SingleWriterReplicas,
        title: "More than one replica of a single-writer service",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "More than one replica of a single-writer service. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0009");

    public static readonly DiagnosticDescriptor CidrOverlap = new(
        id: RuleIds.CidrOverlap,
        title: "Pod or service network overlaps another network",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Pod or service network overlaps another network. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0010");

    public static readonly DiagnosticDescriptor ControlPlaneCount = new(
        id: RuleIds.ControlPlaneCount,
        title: "The cluster needs exactly one control-plane node",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The cluster needs exactly one control-plane node. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0011");

    public static readonly DiagnosticDescriptor InvalidName = new(
        id: RuleIds.InvalidName,
        title: "Name is not a valid Kubernetes name",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Name is not a valid Kubernetes name. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0012");

    public static readonly DiagnosticDescriptor SharedAddressWithoutKey = new(
        id: RuleIds.SharedAddressWithoutKey,
        title: "LoadBalancer address shared without a usable sharing key",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "LoadBalancer address shared without a usable sharing key. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0013");

    public static readonly DiagnosticDescriptor BackupRetention = new(
        id: RuleIds.BackupRetention,
        title: "Backup retention keeps no backup",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Backup retention keeps no backup. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0014");

    public static readonly DiagnosticDescriptor NestedNfsExport = new(
        id: RuleIds.NestedNfsExport,
        title: "NFS export inside another export",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "NFS export inside another export. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0015");

    public static readonly DiagnosticDescriptor MalformedImageDigest = new(
        id: RuleIds.MalformedImageDigest,
        title: "Image digest is not sha256 and 64 hex digits",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Image digest is not sha256 and 64 hex digits. The rule is the one render runs (cluster/Rules/DefinitionRules.cs).",
        helpLinkUri: HelpRoot + "#pi0016");

    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        DuplicateAddress,
        OutsideSubnet,
        OutsidePool,
        DuplicateNodeName,
        DuplicateHostName,
        Malformed,
        InvalidCron,
        BadNfsPath,
        SingleWriterReplicas,
        CidrOverlap,
        ControlPlaneCount,
        InvalidName,
        SharedAddressWithoutKey,
        BackupRetention,
        NestedNfsExport,
        MalformedImageDigest);

    public static readonly ImmutableDictionary<string, DiagnosticDescriptor> ById = All.ToImmutableDictionary(d => d.Id);

    /// <summary>The descriptor of a rule; a rule without one is an error of this project (AD0001 in the editor), never a dropped diagnostic.</summary>
    public static DiagnosticDescriptor For(string ruleId) =>
        ById.TryGetValue(ruleId, out var descriptor)
            ? descriptor
            : throw new System.InvalidOperationException($"{ruleId} has no descriptor in RuleDescriptors; a new rule needs one (docs/architecture.md, \"A rule\").");
}
