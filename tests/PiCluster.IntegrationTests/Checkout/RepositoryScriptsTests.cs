namespace PiCluster.IntegrationTests.Checkout;

/// <summary>The bash scripts a user or CI runs from the checkout (not sent to nodes) pass shellcheck.</summary>
public sealed class RepositoryScriptsTests
{
    public static TheoryData<string> Scripts => ["schemas/update.sh", "test.sh", ".ci/run", "tools/install-helm.sh"];

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Passes_shellcheck_as_bash(string script)
    {
        var path = Path.Combine(TestPaths.RepoRoot, script);
        Assert.True(File.Exists(path), script + " is missing");
        Assert.StartsWith("#!/usr/bin/env bash\n", File.ReadAllText(path), StringComparison.Ordinal);

        var (code, output) = Shell.Run("shellcheck", ["--shell=bash", "--severity=style", path]);

        Assert.True(code == 0, $"shellcheck {script}:\n{output}");
    }
}
