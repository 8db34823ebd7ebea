using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PiCluster.Analyzers.Diagnostics;
using PiCluster.Analyzers.Tests;

// A synthetic definition with 1,000 nodes and 1,000 NFS exports on a /16, written with constants like HomeCluster.cs.
const int Size = 1000;
const int Warmup = 5;
const int Runs = 20;

var files = ClusterSources.Files();
files[ClusterSources.HomeClusterPath] = SyntheticDefinition(Size);
var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Value, ClusterSources.ParseOptions, f.Key)).ToList();
var baseline = ClusterSources.Compile(files);

var bindOnly = Measure(() =>
{
    var compilation = baseline.RemoveAllSyntaxTrees().AddSyntaxTrees(baseline.SyntaxTrees.Select(t => t.WithFilePath(t.FilePath)));
    var home = compilation.SyntaxTrees.Single(t => t.FilePath == ClusterSources.HomeClusterPath);
    compilation.GetSemanticModel(home).GetDiagnostics();
});
Console.WriteLine($"binding the definition alone (compiler):  {bindOnly:F1} ms per run");

{
    var home = baseline.SyntaxTrees.Single(t => t.FilePath == ClusterSources.HomeClusterPath);
    var model = baseline.GetSemanticModel(home);
    var creation = home.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax>().Single(p => p.Identifier.Text == "Definition").Initializer!.Value;
    var operation = model.GetOperation(creation)!;
    var collector = new PiCluster.Analyzers.Common.ConstantFactCollector(PiCluster.Analyzers.Common.FactAttributes.From(baseline)!);
    List<PiCluster.Cluster.Rules.Fact> facts = null!;
    Console.WriteLine($"collect facts: {Measure(() => facts = collector.Collect(operation)):F1} ms ({facts.Count} facts)");
    Console.WriteLine($"rules: {Measure(() => PiCluster.Cluster.Rules.DefinitionRules.Check(facts)):F1} ms");
    Console.WriteLine($"no-op analyzer: {Measure(() => {
        var compilation = baseline.RemoveAllSyntaxTrees().AddSyntaxTrees(baseline.SyntaxTrees.Select(t => t.WithFilePath(t.FilePath)));
        new CompilationWithAnalyzers(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new NoOp()), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }):F1} ms");
}

var full = Measure(() =>
{
    // A fresh compilation each run, so no binding is reused: what a clean build pays.
    var compilation = baseline.RemoveAllSyntaxTrees().AddSyntaxTrees(baseline.SyntaxTrees.Select(t => t.WithFilePath(t.FilePath)));
    ClusterSources.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
    var analyzers = new CompilationWithAnalyzers(output, ImmutableArray.Create<DiagnosticAnalyzer>(new DefinitionRulesAnalyzer()), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
    var diagnostics = analyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    if (!diagnostics.IsEmpty) throw new InvalidOperationException("synthetic definition should be clean: " + diagnostics[0]);
});

var generatorOnly = Measure(() =>
{
    var compilation = baseline.RemoveAllSyntaxTrees().AddSyntaxTrees(baseline.SyntaxTrees.Select(t => t.WithFilePath(t.FilePath)));
    ClusterSources.Driver().RunGenerators(compilation);
});

var driver = ClusterSources.Driver().RunGenerators(baseline);
var edit = 0;
var incremental = Measure(() =>
{
    // The IDE case: one unrelated edit, the generator driver kept.
    var changed = baseline.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Edit" + edit++.ToString(CultureInfo.InvariantCulture) + " { }", ClusterSources.ParseOptions));
    driver = driver.RunGenerators(changed);
});

Console.WriteLine($"definition: {Size} nodes, {Size} NFS exports; {Warmup} warm-up runs, median of {Runs}");
Console.WriteLine($"generator + analyzer, fresh compilation: {full:F1} ms per run");
Console.WriteLine($"generator only, fresh compilation:      {generatorOnly:F1} ms per run");
Console.WriteLine($"generator, incremental unrelated edit:  {incremental:F1} ms per run");
return 0;

static double Measure(Action run)
{
    for (var i = 0; i < Warmup; i++) run();
    var times = new List<double>();
    for (var i = 0; i < Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times[times.Count / 2];
}

static string SyntheticDefinition(int size)
{
    var text = new StringBuilder();
    text.Append("""
        using PiCluster.Cluster.Model;
        namespace PiCluster.Cluster;
        [AddressCatalog]
        public static class HomeCluster
        {
            public static ClusterDefinition Definition { get; } = new(
                Name: "bench",
                Network: new Network("10.0.0.0/16", "10.0.0.1", ["10.0.0.1"], new AddressRange("10.0.255.0", "10.0.255.250")),
                Nodes:
                [

        """);
    for (var i = 0; i < size; i++)
    {
        var address = $"10.0.{1 + (i / 250)}.{1 + (i % 250)}";
        text.Append($"            new Node(\"node{i}\", \"{address}\", {(i == 0 ? "NodeRole.ControlPlane" : "NodeRole.Worker")}),\n");
    }
    text.Append("        ],\n        Nfs: new NfsServer(\"10.0.0.10\",\n        [\n");
    for (var i = 0; i < size; i++) text.Append($"            new NfsExport(\"export{i}\", \"/srv/nfs/export{i}\"),\n");
    text.Append("""
                ]),
                Kubernetes: new KubernetesSettings("v1.36.1", "10.244.0.0/16", "10.96.0.0/12"),
                Git: new GitSource("ssh://git@example.invalid/bench.git", "main"),
                Bootstrap: new BootstrapSettings("3.24.2", "~/.ssh/id_ed25519.pub"),
                Services: new ClusterServices(
                    new Flannel("kube-flannel", "host-gw", "/usr/libexec/cni", new Image("flannel", "v1"), new Image("cni", "v1")),
                    new MetalLb("metallb-system", new HelmChart("https://metallb.github.io/metallb", "metallb", "0.16.1"), "pool"),
                    new NfsStorage("nfs-static", ["hard"]),
                    new Traefik("traefik", new HelmChart("https://traefik.github.io/charts", "traefik", "41.3.0"), "10.0.255.1", "traefik.local", "auth"),
                    new AdGuardHome("adguard", new Image("adguard", "v1"), "10.0.255.2", "10.0.255.3", "adguard.local", 1, new NfsVolume("export1")),
                    new Torrent("torrent", "10.0.255.4", "torrent.local", 1, 23340, new NfsVolume("export2"))),
                Flux: new FluxSettings("v2.9.4", null));
        }

        """);
    return text.ToString();
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOp : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("X0001", "x", "x", "x", DiagnosticSeverity.Warning, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(_ => { }, OperationKind.ObjectCreation);
    }
}
