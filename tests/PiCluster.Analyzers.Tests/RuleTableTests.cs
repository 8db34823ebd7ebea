using System.Reflection;
using PiCluster.Analyzers.Diagnostics;
using PiCluster.Cluster.Rules;

namespace PiCluster.Analyzers.Tests;

/// <summary>
/// A definition rule is its ID in <see cref="RuleIds"/>; the steps the compiler does not enforce are checked here, so a
/// new ID cannot be reported by render yet dropped by the analyzer (docs/architecture.md, "A rule").
/// </summary>
public sealed class RuleTableTests
{
    private static readonly IReadOnlyList<string> Ids = typeof(RuleIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void Every_rule_id_has_a_descriptor_so_the_analyzer_reports_what_render_reports()
    {
        // Before: an ID added to RuleIds (as the docs said) got no descriptor and the analyzer dropped its violations.
        var descriptors = new DefinitionRulesAnalyzer().SupportedDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal);
        Assert.Equal(Ids, descriptors);
        Assert.Equal(Ids.Count, Ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_rule_id_is_in_the_analyzer_release_files_and_documented()
    {
        var releases = File.ReadAllText(Path.Combine(ClusterSources.RepoRoot, "generators", "Analyzers", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(ClusterSources.RepoRoot, "generators", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        var docs = File.ReadAllText(Path.Combine(ClusterSources.RepoRoot, "docs", "rules.md"));
        Assert.All(Ids, id =>
        {
            Assert.Contains($"\n{id} | PiCluster.Definition | Error |", releases);
            Assert.Contains($"<a id=\"{id.ToLowerInvariant()}\"></a>{id}", docs);
        });
    }

    [Fact]
    public void A_violation_of_a_rule_without_a_descriptor_fails_loudly_instead_of_vanishing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RuleDescriptors.For("PI0999"));
        Assert.Contains("PI0999 has no descriptor", error.Message);
        Assert.Equal(RuleIds.DuplicateAddress, RuleDescriptors.For(RuleIds.DuplicateAddress).Id);
    }
}
