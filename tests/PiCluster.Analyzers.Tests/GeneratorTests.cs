using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using PiCluster.Analyzers.Common;
using PiCluster.Analyzers.Generation;

namespace PiCluster.Analyzers.Tests;

public sealed class GeneratorTests
{
    [Fact]
    public void GeneratedSourceEqualsTheCommittedFiles()
    {
        var result = ClusterSources.Driver().RunGenerators(ClusterSources.Compile(ClusterSources.Files())).GetRunResult();
        var generated = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var committed = Directory.GetFiles(ClusterSources.GeneratedFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), committed);
        var failures = new StringBuilder();
        foreach (var (hint, text) in generated)
        {
            var onDisk = File.ReadAllText(Path.Combine(ClusterSources.GeneratedFolder, hint));
            if (onDisk != text) failures.Append("--- committed/" + hint + "\n+++ generated/" + hint + "\n").Append(LineDiff.Unified(onDisk, text));
            Assert.DoesNotContain('\r', text);
        }
        Assert.True(failures.Length == 0, "Generated code differs from cluster/Generated (run `dotnet build cluster` and commit):\n" + failures);
    }

    [Fact]
    public void AnUnrelatedEditLeavesEveryTrackedStepCachedOrUnchanged()
    {
        var compilation = ClusterSources.Compile(ClusterSources.Files());
        var driver = ClusterSources.Driver(track: true).RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere; internal sealed class Unrelated { public int Value => 42; }", ClusterSources.ParseOptions, "Unrelated.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in new[] { StepNames.ServiceCatalog, StepNames.AddressCatalog, StepNames.DefinitionFacts })
        {
            var steps = result.TrackedSteps[name];
            Assert.NotEmpty(steps);
            Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, name + ": " + o.Reason));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void ChangingAnAddressRegeneratesOnlyTheAddressCatalog()
    {
        var files = ClusterSources.Files();
        var compilation = ClusterSources.Compile(files);
        var driver = ClusterSources.Driver(track: true).RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == ClusterSources.HomeClusterPath);
        var newTree = oldTree.WithChangedText(oldTree.GetText().Replace(
            oldTree.GetText().ToString().IndexOf("192.168.50.234", StringComparison.Ordinal), "192.168.50.234".Length, "192.168.50.235"));

        var run = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult();
        var result = run.Results.Single();

        Assert.Contains(result.TrackedSteps[StepNames.AddressCatalog].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(result.TrackedSteps[StepNames.ServiceCatalog].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("ServicesTraefikAddress = \"192.168.50.235\"", result.GeneratedSources.Single(s => s.HintName == "HomeClusterAddresses.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddingAServiceExtendsTheVisitor()
    {
        var files = ClusterSources.Files();
        var compilation = ClusterSources.Compile(files);
        var driver = ClusterSources.Driver(track: true).RunGenerators(compilation);
        files[ClusterSources.ServicesPath] = DefinitionRulesAnalyzerTests.ReplaceFirst(files[ClusterSources.ServicesPath], "    Torrent Torrent,", "    Torrent Torrent,\n    Dashboard Dashboard,")
            + "\npublic sealed record Dashboard([ClusterFact(FactKind.HostName)] string Host);\n";

        var result = driver.RunGenerators(ClusterSources.Compile(files)).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[StepNames.ServiceCatalog].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.TrackedSteps[StepNames.DefinitionFacts].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        var catalog = result.GeneratedSources.Single(s => s.HintName == "ClusterServices.ServiceCatalog.g.cs").SourceText.ToString();
        Assert.Contains("T Visit(global::PiCluster.Cluster.Model.Dashboard service);", catalog, StringComparison.Ordinal);
        Assert.Contains("yield return visitor.Visit(Dashboard);", catalog, StringComparison.Ordinal);
    }

    [Fact]
    public void SpecsHoldNoSymbolsLocationsOrCompilations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(Location), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(IOperation) };
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(new[] { typeof(ServiceCatalogSpec), typeof(AddressCatalogSpec), typeof(DefinitionFactsSpec) });
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type)) continue;
            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)) || type == typeof(object), type + " is reachable from a spec");
            if (type.IsPrimitive || type.IsEnum || type == typeof(string)) continue;
            foreach (var argument in type.GetGenericArguments()) pending.Enqueue(argument);
            if (type.IsArray) pending.Enqueue(type.GetElementType()!);
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)) pending.Enqueue(field.FieldType);
        }
        Assert.Contains(typeof(EquatableArray<ServiceSpec>), seen);
        Assert.Contains(typeof(FactMemberSpec), seen);
    }

    [Fact]
    public void GeneratedRuntimeFactsMatchTheAnalyzersConstantFacts()
    {
        // Compile time and run time must read the same facts; run the generated extraction on the default definition.
        var (output, diagnostics) = ClusterSources.Build(ClusterSources.Compile(ClusterSources.Files()));
        Assert.Empty(diagnostics);
        using var image = new MemoryStream();
        var emit = output.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var context = new AssemblyLoadContext("cluster", isCollectible: true);
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            var definition = assembly.GetType("PiCluster.Cluster.HomeCluster")!.GetProperty("Definition")!.GetValue(null);
            var facts = (System.Collections.IEnumerable)assembly.GetType("PiCluster.Cluster.Model.ClusterDefinitionFacts")!.GetMethod("From")!.Invoke(null, new[] { definition })!;
            var runtime = facts.Cast<object>().Select(f => f.ToString()!).ToList();

            var home = output.SyntaxTrees.Single(t => t.FilePath == ClusterSources.HomeClusterPath);
            var model = output.GetSemanticModel(home);
            var creation = home.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax>().Single(p => p.Identifier.Text == "Definition").Initializer!.Value;
            var collector = new ConstantFactCollector(FactAttributes.From(output)!);
            var constant = collector.Collect((IObjectCreationOperation)model.GetOperation(creation)!).Select(f => f.ToString()).ToList();

            Assert.Equal(runtime, constant);
            Assert.Contains("Nodes[pi2].Address = \"192.168.50.85\"", constant);
        }
        finally
        {
            context.Unload();
        }
    }
}
