using PiCluster.Bootstrap.Certs;
using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Status;
using PiCluster.Bootstrap.Steps;
using PiCluster.Bootstrap.Upgrade;
using PiCluster.Cluster;

namespace PiCluster.IntegrationTests.Day2;

/// <summary>Every shell text the day-2 commands send passes `shellcheck -s sh`, as sent.</summary>
public sealed class Day2ShellScriptTests
{
    public static IEnumerable<ShellSnippet> Snippets()
    {
        var inputs = new PhaseInputs(HomeCluster.Definition, new StateFolder(TestPaths.RepoRoot), "/nonexistent/kubeconfig");
        IBootstrapPhase[] phases =
        [
            new StatusPhase(new HealthReport(HomeCluster.Definition)),
            UpgradePlanner.PhaseFor(UpgradePlanner.DryRun(HomeCluster.Definition, alpine: false), TimeSpan.FromMinutes(5)),
            UpgradePlanner.PhaseFor(UpgradePlanner.DryRun(HomeCluster.Definition, alpine: true), TimeSpan.FromMinutes(5)),
            new CertsRenewPhase(force: false),
        ];
        var plan = BootstrapPlan.For(phases, inputs);
        return plan.Stages.SelectMany(s => s.Work.SelectMany(w => w.Steps.SelectMany(step => step.ScriptsFor(w.Node))))
            .Append(new ShellSnippet("upgrade-preflight", UpgradeFacts.Script("v3.25", new KubernetesVersion(1, 37, 0))))
            .Append(new ShellSnippet("upgrade-preflight-node", UpgradeFacts.NodeScript))
            .DistinctBy(s => s.Text);
    }

    [Fact]
    public async Task Every_day2_script_passes_shellcheck_as_posix_sh()
    {
        using var temp = new TempDir();
        var files = new List<string>();
        var i = 0;
        foreach (var snippet in Snippets())
        {
            var path = temp.Sub($"{i++:000}-{string.Concat(snippet.Name.Where(char.IsAsciiLetterOrDigit))}.sh");
            await File.WriteAllTextAsync(path, "#!/bin/sh\n" + snippet.Text);
            files.Add(path);
        }
        using var process = Tools.Start(Tools.StartInfo("shellcheck", ["-s", "sh", "-f", "gcc", .. files]));
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"shellcheck found problems in {files.Count} scripts:\n{output}{error}");
        Assert.True(files.Count >= 25, $"only {files.Count} scripts collected");
    }
}
