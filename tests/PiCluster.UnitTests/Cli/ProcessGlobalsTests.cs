namespace PiCluster.UnitTests.Cli;

/// <summary>
/// Production code reads no process globals: Microsoft.CodeAnalysis.BannedApiAnalyzers fails the build on a use of what
/// BannedSymbols.txt lists. This keeps the ban itself from eroding: every production project opts in, and only the
/// composition roots switch it off.
/// </summary>
public sealed class ProcessGlobalsTests
{
    private static readonly string[] ProductionFolders = ["bootstrap", "cluster", "generators"];

    [Fact]
    public void Every_production_project_bans_the_process_globals()
    {
        var projects = ProductionFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, folder), "*.csproj", SearchOption.AllDirectories))
            // The Roslyn project runs inside the compiler (netstandard2.0) and has no process of its own.
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}Analyzers{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(5, projects.Count);
        Assert.All(projects, p => Assert.Contains("<BanProcessGlobals>true</BanProcessGlobals>", File.ReadAllText(p)));
        var banned = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "BannedSymbols.txt"));
        foreach (var symbol in new[] { "P:PiCluster.Cluster.HomeCluster.Definition;", "T:System.Console;", "T:Spectre.Console.AnsiConsole;", "P:System.Environment.CurrentDirectory;", "M:System.IO.Directory.GetCurrentDirectory;" })
        {
            Assert.Contains(symbol, banned);
        }
    }

    [Fact]
    public void Only_the_composition_roots_lift_the_ban()
    {
        var lifted = ProductionFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, folder), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => File.ReadAllText(p).Contains("#pragma warning disable RS0030", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(TestPaths.RepoRoot, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

        // ProcessServices builds a console over the writer Program gives it (AnsiConsole.Create reads nothing global).
        Assert.Equal(["bootstrap/Program.cs", "generators/CommandLine/ProcessServices.cs", "generators/Program.cs"], lifted);
    }
}
