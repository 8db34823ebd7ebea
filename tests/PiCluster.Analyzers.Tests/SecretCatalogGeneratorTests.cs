using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PiCluster.Analyzers.Generation;

namespace PiCluster.Analyzers.Tests;

/// <summary>The generated Secret catalog (ClusterDefinitionSecrets): what it lists, and that its pipeline step caches like the others.</summary>
public sealed class SecretCatalogGeneratorTests
{
    private const string HintName = "ClusterDefinitionSecrets.g.cs";

    private static GeneratorRunResult Run(GeneratorDriver driver, Compilation compilation) => driver.RunGenerators(compilation).GetRunResult().Results.Single();

    private static string Catalog(GeneratorRunResult result) => result.GeneratedSources.Single(s => s.HintName == HintName).SourceText.ToString();

    [Fact]
    public void The_default_definition_yields_every_named_secret_with_its_keys()
    {
        var (output, diagnostics) = ClusterSources.Build(ClusterSources.Compile(ClusterSources.Files()));
        Assert.Empty(diagnostics);
        using var image = new MemoryStream();
        Assert.True(output.Emit(image).Success);
        var context = new AssemblyLoadContext("secrets", isCollectible: true);
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            var definition = assembly.GetType("PiCluster.Cluster.HomeCluster")!.GetProperty("Definition")!.GetValue(null);
            var secrets = (System.Collections.IEnumerable)assembly.GetType("PiCluster.Cluster.Model.ClusterDefinitionSecrets")!.GetMethod("From")!.Invoke(null, [definition])!;
            Assert.Equal(
                [
                    "traefik/traefik-dashboard-auth (Services.Traefik.DashboardAuthSecret; Htpasswd; keys users; Bootstrap)",
                    "traefik/picluster-tls (Services.Traefik.TlsSecret; ClusterCaTls; keys tls.crt, tls.key; Bootstrap)",
                    "adguard/adguard-admin (Services.AdGuard.AdminSecret; BcryptPasswordHash; keys password-hash; Bootstrap)",
                    "torrent/torrent-web-auth (Services.Torrent.WebAuthSecret; Htpasswd; keys users; Bootstrap)",
                    "monitoring/grafana-admin (Services.Monitoring.GrafanaAdminSecret; GrafanaAdmin; keys admin-user, admin-password; Bootstrap)",
                    "monitoring/alert-receiver (Services.Monitoring.AlertReceiverSecret; OperatorValues; keys credential; Bootstrap)",
                ],
                secrets.Cast<object>().Select(s => s.ToString()!));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void An_unrelated_edit_or_a_changed_address_leaves_the_catalog_cached()
    {
        var compilation = ClusterSources.Compile(ClusterSources.Files());
        var driver = ClusterSources.Driver(track: true).RunGenerators(compilation);

        var unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere; internal sealed class Unrelated { }", ClusterSources.ParseOptions, "Unrelated.cs"));
        var oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == ClusterSources.HomeClusterPath);
        var text = oldTree.GetText();
        var address = compilation.ReplaceSyntaxTree(oldTree, oldTree.WithChangedText(text.Replace(text.ToString().IndexOf("192.168.50.234", StringComparison.Ordinal), "192.168.50.234".Length, "192.168.50.235")));

        foreach (var edited in new[] { unrelated, address })
        {
            var result = Run(driver, edited);
            var steps = result.TrackedSteps[StepNames.SecretCatalog];
            Assert.NotEmpty(steps);
            Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        }
    }

    [Fact]
    public void Changing_a_key_constant_regenerates_only_the_catalog()
    {
        var files = ClusterSources.Files();
        var compilation = ClusterSources.Compile(files);
        var driver = ClusterSources.Driver(track: true).RunGenerators(compilation);
        var secretsFile = files.Keys.Single(k => k.EndsWith("ClusterSecrets.cs", StringComparison.Ordinal));
        files[secretsFile] = DefinitionRulesAnalyzerTests.ReplaceFirst(files[secretsFile], "public const string Users = \"users\";", "public const string Users = \"htpasswd\";");

        var result = Run(driver, ClusterSources.Compile(files));

        Assert.Contains(result.TrackedSteps[StepNames.SecretCatalog].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        foreach (var name in new[] { StepNames.ServiceCatalog, StepNames.AddressCatalog, StepNames.DefinitionFacts })
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, name));
        Assert.Contains("SecretShape.Htpasswd, [\"htpasswd\"]", Catalog(result), StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_on_a_listed_record_is_keyed_and_one_without_a_namespace_is_a_compile_error()
    {
        var files = ClusterSources.Files();
        var webApp = files.Keys.Single(k => k.EndsWith("WebApp.cs", StringComparison.Ordinal));
        files[webApp] = DefinitionRulesAnalyzerTests.ReplaceFirst(files[webApp], "    string MountPath = \"/data\")", "    string MountPath = \"/data\",\n    [SecretName(SecretShape.Htpasswd, SecretKeys.Users, Source = SecretSource.User)] string? AuthSecret = null)");
        var catalog = Catalog(Run(ClusterSources.Driver(), ClusterSources.Compile(files)));
        Assert.Contains("Collect(item, Join(path, \"WebApps\") + \"[\" + (item?.Name ?? Index(i)) + \"]\", secrets);", catalog, StringComparison.Ordinal);
        Assert.Contains("Join(path, \"AuthSecret\"), global::PiCluster.Cluster.Model.SecretShape.Htpasswd, [\"users\"], global::PiCluster.Cluster.Model.SecretSource.User", catalog, StringComparison.Ordinal);

        var noNamespace = ClusterSources.Files();
        noNamespace[ClusterSources.ServicesPath] = DefinitionRulesAnalyzerTests.ReplaceFirst(noNamespace[ClusterSources.ServicesPath], "    Torrent Torrent,", "    Torrent Torrent,\n    Vault Vault,")
            + "\npublic sealed record Vault([SecretName(SecretShape.Htpasswd, SecretKeys.Users)] string Token);\n";
        var (_, diagnostics) = ClusterSources.Build(ClusterSources.Compile(noNamespace));
        Assert.Contains(diagnostics, d => d.Id == "CS1029" && d.GetMessage().Contains("Vault.Token carries [SecretName] but its record has no string Namespace member", StringComparison.Ordinal));
    }

    [Fact]
    public void The_catalog_spec_holds_no_symbols_locations_or_compilations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(Location), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel) };
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([typeof(SecretCatalogSpec)]);
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type)) continue;
            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)) || type == typeof(object), type + " is reachable from the spec");
            if (type.IsPrimitive || type.IsEnum || type == typeof(string)) continue;
            foreach (var argument in type.GetGenericArguments()) pending.Enqueue(argument);
            if (type.IsArray) pending.Enqueue(type.GetElementType()!);
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)) pending.Enqueue(field.FieldType);
        }
        Assert.Contains(typeof(SecretMemberSpec), seen);
    }
}
