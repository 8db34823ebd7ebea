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

    private static readonly IReadOnlyList<string> EmbeddedScripts = [.. typeof(NodeScripts).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("PiCluster.Bootstrap.Scripts.", StringComparison.Ordinal) && n.EndsWith(".sh", StringComparison.Ordinal))
        .Select(n => n["PiCluster.Bootstrap.Scripts.".Length..])
        .Order(StringComparer.Ordinal)];

    /// <summary>Shell functions put in front of the scripts that name them in a "# library:" line; never sent alone.</summary>
    private static readonly IReadOnlyList<string> Libraries = [.. EmbeddedScripts
        .SelectMany(n => NodeScripts.Read(n).Split('\n'))
        .Where(l => l.StartsWith("# library: ", StringComparison.Ordinal))
        .Select(l => l["# library: ".Length..].Trim())
        .Distinct()];

    /// <summary>Every embedded script a step runs (file names).</summary>
    private static readonly IReadOnlyList<string> StepScripts = [.. EmbeddedScripts.Where(n => !InstalledContent.Contains(n) && !Libraries.Contains(n))];

    public static TheoryData<string> Scripts() => [.. StepScripts];

    [Fact]
    public void The_only_scripts_outside_the_convention_are_installed_content_and_libraries()
    {
        Assert.Equal(["apk-offers.sh"], Libraries);
        // A library defines functions only: run alone it does nothing and prints nothing.
        Assert.All(Libraries, l => Assert.Equal((0, ""), Shell.Run("sh", ["-c", NodeScripts.Read(l)])));
        Assert.Equal(EmbeddedScripts.Count - 2, StepScripts.Count);
    }

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
