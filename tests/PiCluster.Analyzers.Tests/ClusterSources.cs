using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PiCluster.Analyzers.Diagnostics;
using PiCluster.Analyzers.Generation;

namespace PiCluster.Analyzers.Tests;

/// <summary>The real model, rules and default definition from the repository, compiled the way cluster/ compiles them.</summary>
internal static class ClusterSources
{
    public static readonly string RepoRoot = PiCluster.Render.RepositoryRoot.FindFrom(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("PiCluster.sln not found above " + AppContext.BaseDirectory);

    public static readonly string GeneratedFolder = Path.Combine(RepoRoot, "cluster", "Generated", "PiCluster.Analyzers", "PiCluster.Analyzers.Generation.ClusterGenerator");

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    // What ImplicitUsings gives the cluster project.
    private const string GlobalUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    /// <summary>Path → text of cluster/Model/*.cs, cluster/Rules/*.cs and cluster/HomeCluster.cs.</summary>
    public static SortedDictionary<string, string> Files()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "Model", "Rules" })
        {
            foreach (var path in Directory.GetFiles(Path.Combine(RepoRoot, "cluster", folder), "*.cs")) files[path] = File.ReadAllText(path);
        }
        var home = Path.Combine(RepoRoot, "cluster", "HomeCluster.cs");
        files[home] = File.ReadAllText(home);
        return files;
    }

    public static string HomeClusterPath => Path.Combine(RepoRoot, "cluster", "HomeCluster.cs");

    public static string ServicesPath => Path.Combine(RepoRoot, "cluster", "Model", "Services.cs");

    public static CSharpCompilation Compile(IDictionary<string, string> files, params string[] extraSources)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Value, ParseOptions, f.Key))
            .Append(CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, "GlobalUsings.g.cs"))
            .Concat(extraSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, $"Extra{i}.cs")));
        return CSharpCompilation.Create(
            "PiCluster.Cluster",
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static GeneratorDriver Driver(bool track = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new ClusterGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Runs the generator, then compiler and analyzer over the result: everything a build would report.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Build(Compilation compilation)
    {
        Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var analyzers = new CompilationWithAnalyzers(output, ImmutableArray.Create<DiagnosticAnalyzer>(new DefinitionRulesAnalyzer()), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
        var all = analyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return (output, generatorDiagnostics.AddRange(all).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray());
    }
}
