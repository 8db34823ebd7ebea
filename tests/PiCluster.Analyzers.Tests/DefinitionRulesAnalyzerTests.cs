using Microsoft.CodeAnalysis;

namespace PiCluster.Analyzers.Tests;

/// <summary>Each rule fires on a small break of the real default definition, at the literal that breaks it.</summary>
public sealed class DefinitionRulesAnalyzerTests
{
    [Fact]
    public void DefaultDefinitionBuildsWithoutDiagnostics()
    {
        var (_, diagnostics) = ClusterSources.Build(ClusterSources.Compile(ClusterSources.Files()));
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
    }

    [Theory]
    // id, text in HomeCluster.cs, replacement, the literal the diagnostic must cover, text on that diagnostic's line
    [InlineData("PI0001", "CatchAllAddress: \"192.168.50.249\"", "CatchAllAddress: \"192.168.50.240\"", "\"192.168.50.240\"", "CatchAllAddress")]
    [InlineData("PI0002", "new Node(\"pi3\", \"192.168.50.60\"", "new Node(\"pi3\", \"192.168.51.60\"", "\"192.168.51.60\"", "pi3")]
    [InlineData("PI0003", "Address: \"192.168.50.234\"", "Address: \"192.168.50.100\"", "\"192.168.50.100\"", "Address")]
    [InlineData("PI0004", "new Node(\"pi1\"", "new Node(\"pi0\"", "\"pi0\"", "192.168.50.135")]
    [InlineData("PI0005", "Host: \"torrent\"", "Host: \"adguard\"", "\"adguard\"", "Host")]
    [InlineData("PI0006", "Gateway: \"192.168.50.1\"", "Gateway: \"192.168.50.1.5\"", "\"192.168.50.1.5\"", "Gateway")]
    [InlineData("PI0006", "new AddressRange(\"192.168.50.200\", \"192.168.50.250\")", "new AddressRange(\"192.168.50.200\", \"192.168.50.120\")", "\"192.168.50.120\"", "AddressRange")]
    [InlineData("PI0008", "\"/media/nfs/backups\"", "\"media/nfs/backups\"", "\"media/nfs/backups\"", "backups")]
    [InlineData("PI0008", "new NfsVolume(\"torrent\")", "new NfsVolume(\"torrents\")", "\"torrents\"", "NfsVolume")]
    [InlineData("PI0008", "new NfsVolume(\"adguard\", \"conf\")", "new NfsVolume(\"adguard\", \"../etc\")", "\"../etc\"", "NfsVolume")]
    [InlineData("PI0013", "SharedAddresses: []", "SharedAddresses: [new SharedAddress(\"192.168.50.245\", \"\")]", "\"\"", "SharedAddress")]
    [InlineData("PI0014", "Retention: 14,", "Retention: 0,", "0", "Retention")]
    [InlineData("PI0015", "\"/mnt/drobo-storage/docker-volumes/adguard\"", "\"/media/nfs/backups/adguard\"", "\"/media/nfs/backups/adguard\"", "adguard")]
    [InlineData("PI0016", "\"sha256:aba9e3bf0613", "\"sha256:ABA9e3bf0613", "\"sha256:ABA9e3bf0613be3ba3755e1fc311b126e2c24bec25e18b6483894a88283074f0\"", "adguard/adguardhome")]
    [InlineData("PI0009", "Replicas: 1,", "Replicas: 2,", "2", "Replicas")]
    [InlineData("PI0010", "PodCidr: \"10.244.0.0/16\"", "PodCidr: \"192.168.0.0/16\"", "\"192.168.0.0/16\"", "PodCidr")]
    [InlineData("PI0011", "new Node(\"pi1\", \"192.168.50.135\", NodeRole.Worker)", "new Node(\"pi1\", \"192.168.50.135\", NodeRole.ControlPlane)", "NodeRole.ControlPlane", "pi1")]
    [InlineData("PI0012", "Namespace: \"traefik\"", "Namespace: \"Traefik\"", "\"Traefik\"", "Namespace")]
    public void RuleFiresAtTheLiteral(string id, string find, string replace, string literal, string onLine)
    {
        var diagnostics = BuildWithHomeCluster(text => ReplaceFirst(text, find, replace));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(ClusterSources.HomeClusterPath, diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(literal, diagnostic.Location.SourceTree.GetText().ToString(diagnostic.Location.SourceSpan));
        var line = diagnostic.Location.SourceTree.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString();
        Assert.Contains(onLine, line, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidCronFiresAtTheScheduleLiteral()
    {
        var diagnostics = BuildWithHomeCluster(text => ReplaceFirst(text, "Schedule: \"0 3 * * *\"", "Schedule: \"61 3 * * *\""));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("PI0007", diagnostic.Id);
        Assert.Equal("\"61 3 * * *\"", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("Schedule: \"61 3 * * *\"", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void NonConstantValuesAreSilent()
    {
        var diagnostics = BuildWithHomeCluster(text => ReplaceFirst(text, "Address: \"192.168.50.234\"", "Address: Environment.MachineName"));
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
    }

    [Fact]
    public void ArrayInitializersAreReadLikeCollectionExpressions()
    {
        var diagnostics = BuildWithHomeCluster(text => ReplaceFirst(text, "UpstreamDns: [\"192.168.50.1\", \"9.9.9.9\"]", "UpstreamDns: new[] { \"192.168.50.1\", \"9.9.9\" }"));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("PI0006", diagnostic.Id);
        Assert.Equal("\"9.9.9\"", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.StartsWith("Network.UpstreamDns[1]:", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void DescriptorsAreErrorsInIdOrderLinkingTheirDocsRow()
    {
        var descriptors = new Diagnostics.DefinitionRulesAnalyzer().SupportedDiagnostics;
        Assert.Equal(descriptors.Select(d => d.Id).Order(StringComparer.Ordinal), descriptors.Select(d => d.Id));
        Assert.All(descriptors, d => Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity));
        Assert.All(descriptors, d => Assert.EndsWith("docs/rules.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri, StringComparison.Ordinal));
        Assert.All(descriptors, d => Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static IReadOnlyList<Diagnostic> BuildWithHomeCluster(Func<string, string> edit)
    {
        var files = ClusterSources.Files();
        files[ClusterSources.HomeClusterPath] = edit(files[ClusterSources.HomeClusterPath]);
        return ClusterSources.Build(ClusterSources.Compile(files)).Diagnostics;
    }

    internal static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, "not found: " + find);
        return text.Substring(0, at) + replace + text.Substring(at + find.Length);
    }
}
