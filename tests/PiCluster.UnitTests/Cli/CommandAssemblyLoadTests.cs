using System.Reflection;
using System.Runtime.Loader;

namespace PiCluster.UnitTests.Cli;

/// <summary>
/// A command loads only what it uses, so start-up pays for nothing else: render loads neither JsonSchema.Net (validate's)
/// nor LibGit2Sharp (diff's). Each command runs in process, as <see cref="RenderTool"/> runs it, inside an
/// AssemblyLoadContext of its own that loads the application's assemblies afresh from the test's output folder — so
/// what other tests already loaded into this process does not count, and the context lists exactly what the command
/// pulled in.
/// </summary>
public sealed class CommandAssemblyLoadTests
{
    private static readonly string[] ValidateOnly = ["JsonSchema.Net", "JsonPointer.Net", "Json.More"];
    private const string DiffOnly = "LibGit2Sharp";

    [Fact]
    public void Render_loads_neither_the_schema_validator_nor_libgit2()
    {
        using var temp = new TempDir();

        var (code, loaded, output) = RunIsolated("render", "--out", temp.Sub("rendered"));

        Assert.True(code == 0, output);
        Assert.True(File.Exists(temp.Sub("rendered/README.md")), "render wrote no tree");
        Assert.Contains("YamlDotNet", loaded);
        Assert.Contains("KubernetesClient", loaded);
        foreach (var name in ValidateOnly.Append(DiffOnly)) Assert.DoesNotContain(name, loaded);
    }

    [Fact]
    public void Render_check_loads_neither_the_schema_validator_nor_libgit2()
    {
        using var temp = new TempDir();
        Assert.Equal(0, RunIsolated("render", "--out", temp.Sub("rendered")).Code);

        var (code, loaded, output) = RunIsolated("render", "--check", "--out", temp.Sub("rendered"));

        Assert.True(code == 0, output);
        Assert.Contains("DiffPlex", loaded);
        foreach (var name in ValidateOnly.Append(DiffOnly)) Assert.DoesNotContain(name, loaded);
    }

    [Fact]
    public void Diff_loads_libgit2_the_detector_sees_a_load()
    {
        // diff --base HEAD reads the committed tree through LibGit2Sharp; its exit code depends on the working tree.
        var (_, loaded, output) = RunIsolated("diff", "--base", "HEAD", "--schemas", TestSchemas.Directory);

        Assert.True(loaded.Contains(DiffOnly), output);
    }

    [Fact]
    public void Validate_loads_the_schema_validator()
    {
        var (code, loaded, output) = RunIsolated("validate", "--schemas", TestSchemas.Directory);

        Assert.True(code == 0, output);
        Assert.Contains("JsonSchema.Net", loaded);
        Assert.DoesNotContain(DiffOnly, loaded);
    }

    /// <summary>RenderTool.Run(args) on this checkout inside a fresh load context: its exit code and the assemblies it loaded.</summary>
    private static (int Code, IReadOnlyList<string> Loaded, string Output) RunIsolated(params string[] args)
    {
        var context = new ApplicationContext(AppContext.BaseDirectory);
        try
        {
            var tool = context.LoadFromAssemblyName(new AssemblyName("PiCluster.TestSupport")).GetType("PiCluster.TestSupport.RenderTool", throwOnError: true)!;
            var run = tool.GetMethod("Run", [typeof(string[])])!.Invoke(null, [args])!;
            var code = (int)run.GetType().GetProperty("Code")!.GetValue(run)!;
            var output = (string)run.GetType().GetProperty("Output")!.GetValue(run)!;
            return (code, context.Assemblies.Select(a => a.GetName().Name!).Order(StringComparer.Ordinal).ToList(), output);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads every assembly found in the output folder itself (the shared framework stays with the default context).</summary>
    private sealed class ApplicationContext(string folder) : AssemblyLoadContext("command-assembly-load", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
