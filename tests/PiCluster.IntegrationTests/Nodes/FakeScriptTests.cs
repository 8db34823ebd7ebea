namespace PiCluster.IntegrationTests.Nodes;

/// <summary>The FAKE commands in tests/PiCluster.TestSupport/Fakes: one file per command, each says what it fakes, all shellchecked.</summary>
public sealed class FakeScriptTests
{
    [Fact]
    public void Every_fake_is_a_file_named_after_its_command_with_a_FAKE_header()
    {
        foreach (var command in new[] { "apk", "setup-disk", "kubeadm", "kubectl", "containerd", "rc-service", "fake-boot", FakeScripts.KubectlObjects })
        {
            Assert.Contains(command, FakeScripts.Commands);
        }
        foreach (var command in FakeScripts.Commands)
        {
            var lines = FakeScripts.Read(command + ".sh").Split('\n');
            Assert.Equal("#!/bin/sh", lines[0]);
            Assert.True(lines[1].StartsWith("# FAKE ", StringComparison.Ordinal), $"Fakes/{command}.sh: the second line should say what it fakes (\"# FAKE …\"), not \"{lines[1]}\"");
        }
    }

    [Fact]
    public async Task Every_fake_passes_shellcheck_as_posix_sh_as_installed()
    {
        using var temp = new TempDir();
        var folder = temp.Sub("fakebin");
        FakeScripts.InstallAll(folder);
        var files = FakeScripts.Commands.Select(c => Path.Combine(folder, c)).Append(Path.Combine(folder, FakeScripts.Common)).ToList();

        // -x -P SCRIPTDIR: each node fake's `. "$(dirname "$0")/_common.sh"` is followed, as it is at run time.
        using var process = Tools.Start(Tools.StartInfo("shellcheck", ["-s", "sh", "-x", "-P", "SCRIPTDIR", "-f", "gcc", .. files]));
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"shellcheck found problems in {files.Count} fakes:\n{output}{error}");
        Assert.True(files.Count >= 17, $"only {files.Count} fakes installed");
    }
}
