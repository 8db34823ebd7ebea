using System.Text.RegularExpressions;
using PiCluster.CommandLine;

namespace PiCluster.UnitTests.Cli;

/// <summary>
/// Each bootstrap command takes only the options it honours (Spectre settings classes: node access → plan → per
/// command), in process with Spectre's CommandAppTester: an option of another command is bad input (exit 2).
/// </summary>
public sealed class BootstrapOptionsTests
{
    private static readonly string[] NodeAccess = ["--help", "--verbose", "--ssh-key", "--accept-new-host-keys", "--command-timeout", "--dry-run"];
    private static readonly string[] Plan = [.. NodeAccess, "--node", "--scripts"];

    public static TheoryData<string, string[]> CommandOptions => new()
    {
        { "nodes", Plan },
        { "kubeadm", [.. Plan, "--kubeconfig"] },
        { "flux", Plan },
        { "secrets", [.. Plan, "--rotate"] },
        { "cluster", [.. Plan, "--kubeconfig", "--rotate"] },
        { "reset", [.. Plan, "--yes"] },
        { "status", [.. Plan, "--format"] },
        { "upgrade", [.. Plan, "--kubeconfig", "--drain-timeout", "--alpine"] },
        { "certs renew", [.. Plan, "--kubeconfig", "--force"] },
        { "restore-etcd", [.. Plan, "--snapshot", "--from", "--identity", "--restore-tool", "--yes"] },
        { "rebuild-control-plane", [.. Plan, "--kubeconfig", "--backup", "--from", "--identity", "--restore-tool", "--yes"] },
        { "backup pull", [.. Plan, "--all", "--out"] },
        { "node replace", [.. Plan, "--drain-timeout", "--running", "--yes"] },
        { "node remove", [.. Plan, "--drain-timeout", "--yes"] },
    };

    [Theory]
    [MemberData(nameof(CommandOptions))]
    public void Help_lists_exactly_the_commands_options_and_the_exit_codes(string command, string[] expected)
    {
        var result = BootstrapTool.Run([.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.Code);
        var options = result.Output[result.Output.IndexOf("OPTIONS:", StringComparison.Ordinal)..result.Output.IndexOf("EXIT CODES:", StringComparison.Ordinal)];
        var listed = Regex.Matches(options, @"^\s+(?:-\w, )?(--[a-z0-9-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed);
        // The exit codes once, at the end, not in the command's description.
        Assert.Single(Regex.Matches(result.Output, "EXIT CODES:"));
        Assert.DoesNotContain("Exit codes", result.Output[..result.Output.IndexOf("EXIT CODES:", StringComparison.Ordinal)], StringComparison.OrdinalIgnoreCase);
        // No description says what exit 0, 1 or 2 means on its own (status did: "exit 1 when anything warns or fails").
        Assert.DoesNotMatch(@"\bexit [0-2]\b", result.Output[..result.Output.IndexOf("EXIT CODES:", StringComparison.Ordinal)]);
        Assert.Matches(@"EXIT CODES:\s+0\s+every step done", result.Output);
        Assert.Matches(@"\s2\s+bad input", result.Output);
    }

    [Theory]
    [InlineData("nodes", "--rotate")]
    [InlineData("nodes", "--kubeconfig", "x")]
    [InlineData("secrets", "--kubeconfig", "x")]
    [InlineData("flux", "--flux-manifest", "install.yaml")]
    [InlineData("flux", "--flux-sha256", "00")]
    [InlineData("flux", "--no-commit")]
    [InlineData("cluster", "--only", "pi3")]
    [InlineData("restore-etcd", "--kubeconfig", "x", "--snapshot", "x.db")]
    public void An_option_the_command_does_not_use_is_refused_with_exit_2(string command, params string[] option)
    {
        // --dry-run: before, the option was accepted and ignored and the dry run printed its plan (exit 0).
        var result = BootstrapTool.Run([command, .. option, "--dry-run"]);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith("error: ", result.Error);
        Assert.DoesNotContain("stage node", result.Output);
    }

    [Fact]
    public void Node_selects_one_nodes_steps_and_each_commands_own_options_are_taken()
    {
        var (code, output) = BootstrapTool.Run("nodes", "--dry-run", "--node", "pi3");

        Assert.True(code == 0, output);
        var nodes = output.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Distinct();
        Assert.Equal(["pi3"], nodes);
        Assert.Equal(0, BootstrapTool.Run("kubeadm", "--dry-run", "--kubeconfig", "/nonexistent/config").Code);
        Assert.Equal(0, BootstrapTool.Run("cluster", "--dry-run", "--rotate", "--kubeconfig", "/nonexistent/config").Code);
    }

    [Fact]
    public void Restore_etcd_dry_run_never_connects()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Sub("snap.db"), "not really a snapshot");

        // No key and no reachable node: before, the dry run connected to read etcd.yaml and failed here.
        var (code, output) = BootstrapTool.Run("restore-etcd", "--snapshot", temp.Sub("snap.db"), "--dry-run", "--scripts", "--ssh-key", "/nonexistent/key");

        Assert.True(code == 0, output);
        // The member's values are read from etcd.yaml at run time, so the dry run names them.
        Assert.Contains("MEMBER_NAME='<--name>'", output);
        Assert.Contains("### stage 1 · pi0 · restore · upload-snapshot", output);
        Assert.Contains("### stage 1 · pi0 · restore · restore", output);
        Assert.Contains("### stage 2 · pi5 · restore · restart-kubelet", output);
        var plan = BootstrapTool.Run("restore-etcd", "--snapshot", temp.Sub("snap.db"), "--dry-run", "--ssh-key", "/nonexistent/key");
        Assert.True(plan.Code == 0, plan.Output);
        Assert.Contains("pi0      restore  wait-api", plan.Output);
    }
}
