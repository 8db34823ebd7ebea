namespace PiCluster.UnitTests.Rules;

/// <summary>A copy of the committed rendered/ to edit by hand and check with `validate --rendered` (in-process).</summary>
internal static class RenderedCopy
{
    public static string Of(TempDir temp)
    {
        var target = temp.Sub("rendered");
        foreach (var file in Directory.EnumerateFiles(TestPaths.Rendered, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(TestPaths.Rendered, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    /// <summary>Changes one file of the copy; the change must change something.</summary>
    public static void Edit(string tree, string relative, Func<string, string> change)
    {
        var path = Path.Combine(tree, relative);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }

    public static (int Exit, string Output) Validate(string tree)
    {
        // The in-process CLI sees no process environment: name the verified schemas folder.
        var run = RenderTool.Run("validate", "--rendered", tree, "--schemas", TestSchemas.Directory);
        // A run that checked nothing (no schemas found) must not pass a test by printing no finding.
        Assert.DoesNotContain("Nothing was checked", run.Output);
        return (run.Code, run.Output);
    }

    /// <summary>The finding lines of one rule in validate's output.</summary>
    public static IReadOnlyList<string> Findings(string output, string rule) =>
        output.Split('\n').Where(l => l.StartsWith(rule + " ", StringComparison.Ordinal) || l.StartsWith(rule + " (warning)", StringComparison.Ordinal)).ToList();
}
