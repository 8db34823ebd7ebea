using System.Net;

namespace PiCluster.UnitTests.Schemas;

/// <summary>
/// ./test.sh on a machine that is offline with an empty schemas cache: it names the two ways out and stops before any
/// test runs with exit 2, the project's code for "nothing ran, the set-up is missing". Run for real (bash, curl) in a
/// copy of the script beside the real schemas list, every tool it looks for stubbed on PATH so nothing is installed.
/// </summary>
public sealed class TestScriptOfflineTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    // Every command test.sh probes with `have` (and the ones it would install with), so it never reaches apt-get or npm.
    private static readonly string[] ProbedTools =
    [
        "sshd", "ssh-keygen", "etcd", "etcdctl", "shellcheck", "age", "sfdisk", "mkfs.vfat", "mcopy", "git", "promtool",
        "busybox", "kubectl", "helm", "npm", "unzip",
    ];

    [Fact]
    public void Offline_with_an_empty_schemas_cache_it_says_what_to_run_and_exits_2_without_running_dotnet_test()
    {
        Tools.Require("curl");
        var checkout = _temp.Sub("checkout");
        Directory.CreateDirectory(Path.Combine(checkout, "schemas"));
        File.Copy(Path.Combine(TestPaths.RepoRoot, "test.sh"), Path.Combine(checkout, "test.sh"));
        foreach (var file in new[] { "update.sh", "sources.tsv" })
            File.Copy(Path.Combine(TestPaths.RepoRoot, "schemas", file), Path.Combine(checkout, "schemas", file));
        var bin = _temp.Sub("bin");
        Directory.CreateDirectory(bin);
        foreach (var tool in ProbedTools) Stub(bin, tool, "exit 0");
        var ranTests = Path.Combine(_temp.Path, "dotnet-ran");
        Stub(bin, "dotnet", $"touch '{ranTests}'");
        using var offline = LoopbackPorts.Refusing();
        var home = _temp.Sub("home");
        Directory.CreateDirectory(home);

        var (code, output) = Shell.Run("bash", [Path.Combine(checkout, "test.sh")], new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = home,
            ["XDG_CACHE_HOME"] = "",
            ["PICLUSTER_SCHEMAS"] = "",
            ["PICLUSTER_SCHEMAS_BASE_URL"] = $"http://127.0.0.1:{((IPEndPoint)offline.LocalEndPoint!).Port}/",
        });

        Assert.True(code == 2, $"exit {code}:\n{output}");
        Assert.Contains("PICLUSTER_SCHEMAS=/path/to/schemas ./test.sh", output);
        Assert.Contains("schemas/update.sh && ./test.sh", output);
        Assert.False(File.Exists(ranTests), "dotnet test ran although the schemas are missing");
    }

    private static void Stub(string bin, string name, string body)
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
