using System.Text.RegularExpressions;
using PiCluster.Bootstrap.Scripts;

namespace PiCluster.UnitTests.Nodes;

/// <summary>
/// One convention for every bootstrap/Scripts file: its first parameter is MODE — check (reads only: exit 0 done, 1
/// needed, 2 cannot tell) or apply (makes it so); a script with one side refuses the other — and anything else is
/// refused before the script does anything; every plan passes it, and a step's check is run as MODE=check.
/// </summary>
public sealed partial class ScriptConventionTests
{
    /// <summary>Installed on the node as content and run by apk with its own arguments, not by a step.</summary>
    private static readonly string[] InstalledContent = ["boot-firmware-sync.sh"];

    // Issue 21 owns these files (nodes, second reading): they take MODE but read other parameters or run a program
    // before refusing an unknown one. The coordinator removes this list when issue 21's conversion is merged.
    private static readonly string[] PendingIssue21 = ["containerd-config.sh", "node-reset.sh", "system-disk.sh"];

    /// <summary>Every embedded script a step runs (file names).</summary>
    private static readonly IReadOnlyList<string> StepScripts = [.. typeof(NodeScripts).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("PiCluster.Bootstrap.Scripts.", StringComparison.Ordinal) && n.EndsWith(".sh", StringComparison.Ordinal))
        .Select(n => n["PiCluster.Bootstrap.Scripts.".Length..])
        .Where(n => !InstalledContent.Contains(n))
        .Order(StringComparer.Ordinal)];

    public static TheoryData<string> Scripts() => [.. StepScripts.Where(n => !PendingIssue21.Contains(n))];

    [Theory]
    [MemberData(nameof(Scripts))]
    public void A_script_refuses_a_mode_other_than_check_or_apply_before_it_does_anything(string script)
    {
        using var root = new TempDir();

        // Nothing else is set: a script that read another parameter or ran a program first would fail differently.
        var (code, output) = Shell.Run("sh", ["-c", "MODE=remove\n" + NodeScripts.Read(script)], new Dictionary<string, string> { ["NODE_ROOT"] = root.Path });

        Assert.Equal(2, code);
        Assert.StartsWith("MODE must be ", output);
        Assert.Contains("not remove", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void Every_script_of_every_plan_says_which_side_it_is_and_a_check_is_a_check()
    {
        var bodies = StepScripts.Select(name => NodeScripts.Read(name)).ToList();
        var scriptSnippets = ScriptsAsFilesTests.EverySnippet()
            .Select(s => (s.Name, s.Text, Bodies: bodies.Count(b => s.Text.Contains(b, StringComparison.Ordinal))))
            .Where(s => s.Bodies > 0)
            .ToList();

        Assert.NotEmpty(scriptSnippets);
        var missing = scriptSnippets.Where(s => ParameterMode().Matches(s.Text).Count != s.Bodies).Select(s => s.Name).ToList();
        Assert.True(missing.Count == 0, "a script sent without its MODE: " + string.Join(", ", missing));
        var checks = scriptSnippets.Where(s => s.Name.EndsWith(".check", StringComparison.Ordinal) || s.Name.EndsWith("-check", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(checks);
        Assert.All(checks, s => Assert.Equal("check", ParameterMode().Match(s.Text).Groups[1].Value));
    }

    [Fact]
    public void Every_script_file_is_run_by_some_plan()
    {
        var texts = string.Concat(ScriptsAsFilesTests.EverySnippet().Select(s => s.Text));
        var unused = StepScripts
            .Where(name => !texts.Contains(NodeScripts.Read(name), StringComparison.Ordinal))
            .ToList();

        // The bodies are compared whole, so a script file no plan sends is a file nobody runs.
        Assert.True(unused.Count == 0, "no plan runs: " + string.Join(", ", unused));
    }

    [GeneratedRegex(@"^MODE=(\w+)$", RegexOptions.Multiline)]
    private static partial Regex ParameterMode();
}
