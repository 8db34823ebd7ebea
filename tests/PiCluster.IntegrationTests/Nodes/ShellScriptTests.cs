using System.Diagnostics;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Nodes;

/// <summary>Every shell text bootstrap sends to a node passes `shellcheck -s sh`.</summary>
public sealed class ShellScriptTests
{
    public static IEnumerable<ShellSnippet> AllSnippets()
    {
        var inputs = new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent/kubeconfig");
        var plan = BootstrapPlan.For(BootstrapPhases.Cluster, inputs);
        return plan.AllSteps
            .SelectMany(s => s.Snippets)
            .Append(new ShellSnippet("write-file", NodeShell.WriteFile("/etc/example/file.conf", "0600")))
            .Append(new ShellSnippet("file-has-hash", NodeShell.FileHasHash("/etc/example/file.conf", new string('a', 64))))
            .DistinctBy(s => s.Text);
    }

    [Fact]
    public void Every_step_contributes_its_scripts()
    {
        var names = AllSnippets().Select(s => s.Name).ToHashSet();
        foreach (var expected in new[] { "time-sync.check", "system-disk.action", "packages.action", "reboot.reboot", "kubeadm-init.action", "kubeadm-join.join", "nodes-ready.check", "flannel.check" })
        {
            Assert.Contains(expected, names);
        }
    }

    [Fact]
    public async Task Every_script_passes_shellcheck_as_posix_sh()
    {
        using var temp = new TempDir();
        var files = new List<string>();
        foreach (var snippet in AllSnippets())
        {
            var path = temp.Sub(snippet.Name.Replace('/', '_') + ".sh");
            await File.WriteAllTextAsync(path, "#!/bin/sh\n" + snippet.Text);
            files.Add(path);
        }
        using var process = Tools.Start(Tools.StartInfo("shellcheck", ["-s", "sh", "-f", "gcc", .. files]));
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"shellcheck found problems in {files.Count} scripts:\n{output}{error}");
        Assert.True(files.Count >= 20, $"only {files.Count} scripts collected");
    }
}
