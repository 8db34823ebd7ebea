using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PiCluster.Bootstrap.Kubeadm;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.CommandLine;
using PiCluster.Render;

namespace PiCluster.UnitTests.Cli;

/// <summary>The render CLI under the shared policy, in process, on temporary checkouts: strict parsing, named exit codes, one handler.</summary>
public sealed class RenderCliTests
{
    /// <summary>A checkout of its own: the marker file, and cluster/Flux/install.yaml when given.</summary>
    private static Checkout NewCheckout(TempDir temp, GitSource git, string? fluxInstall = null)
    {
        File.WriteAllText(temp.Sub(RepositoryRoot.Marker), "");
        if (fluxInstall is not null)
        {
            Directory.CreateDirectory(temp.Sub("cluster/Flux"));
            File.WriteAllText(FluxInstallInput.FullPath(temp.Path), fluxInstall);
        }
        return new Checkout(temp.Path, git);
    }

    [Theory]
    [InlineData("render", "--chek")]
    [InlineData("render", "--check", "extra")]
    [InlineData("render", "--out")]
    [InlineData("validate", "--strict")]
    [InlineData("diff", "--base", "HEAD", "--color")]
    public void An_unknown_option_or_argument_is_bad_input_and_writes_nothing(params string[] args)
    {
        using var temp = new TempDir();
        var checkout = NewCheckout(temp, HomeCluster.Definition.Git);

        // Before: `render --chek` rendered the tree and exited 0.
        var run = RenderTool.Run(HomeCluster.Definition, checkout, args);

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.StartsWith("error: ", run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(checkout.Tree));
        Assert.Equal([temp.Sub(RepositoryRoot.Marker)], Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_bug_exits_70_with_one_line_and_the_stack_trace_only_behind_verbose()
    {
        Checkout Broken() => throw new InvalidOperationException("Sequence contains no elements");

        var quiet = RenderTool.Run(HomeCluster.Definition, Broken, "render");
        Assert.Equal(ExitCodes.Bug, quiet.Code);
        Assert.Equal("error: a bug in the tool: InvalidOperationException: Sequence contains no elements (rerun with --verbose for the stack trace)\n", quiet.Error);

        var verbose = RenderTool.Run(HomeCluster.Definition, Broken, "render", "--verbose");
        Assert.Equal(ExitCodes.Bug, verbose.Code);
        Assert.Contains("System.InvalidOperationException: Sequence contains no elements", verbose.Error);
        Assert.Contains(" at ", verbose.Error);
    }

    [Fact]
    public void Outside_a_checkout_a_command_that_needs_one_is_bad_input()
    {
        var run = RenderTool.Run(HomeCluster.Definition, () => throw new BadInputException("no PiCluster.sln in /tmp or above: run from inside the PiCluster checkout."), "render");

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Equal("error: no PiCluster.sln in /tmp or above: run from inside the PiCluster checkout.\n", run.Error);
    }

    [Fact]
    public void Help_states_the_exit_codes_once_at_the_end()
    {
        foreach (var args in new[] { ["--help"], new[] { "render", "--help" }, new[] { "diff", "--help" } })
        {
            var help = RenderTool.Run(args).Output;
            var at = help.IndexOf("EXIT CODES:", StringComparison.Ordinal);
            Assert.True(at > 0, help);
            Assert.Single(Regex.Matches(help, "EXIT CODES:"));
            Assert.DoesNotContain("exit code", help[..at], StringComparison.OrdinalIgnoreCase);
            Assert.Matches(@"\s0\s+done", help[at..]);
            Assert.Matches(@"\s1\s+findings", help[at..]);
            Assert.Matches(@"\s2\s+bad input", help[at..]);
            Assert.Matches(@"\s70\s+a bug", help[at..]);
        }
    }

    [Fact]
    public void Render_writes_the_tree_at_git_path_where_validate_diff_and_bootstrap_read_it()
    {
        using var temp = new TempDir();
        var definition = HomeCluster.Definition with { Git = HomeCluster.Definition.Git with { Path = "deploy/rendered" } };
        var checkout = NewCheckout(temp, definition.Git);

        // Before: render wrote rendered/ whatever Git.Path said, while bootstrap and diff read Git.Path.
        var render = RenderTool.Run(definition, checkout, "render");

        Assert.True(render.Code == 0, render.Output);
        Assert.Equal(temp.Sub("deploy/rendered"), checkout.Tree);
        Assert.True(File.Exists(temp.Sub("deploy/rendered/flux-system/gotk-sync.yaml")));
        Assert.False(Directory.Exists(temp.Sub("rendered")));
        Assert.Contains($"to {checkout.Tree}", render.Out);
        Assert.Equal(0, RenderTool.Run(definition, checkout, "render", "--check").Code);
        var flannel = KubeadmPhase.FlannelManifestPath(new PhaseInputs(definition, new StateFolder(checkout.Root), temp.Sub("kubeconfig")));
        Assert.Equal(checkout.FileInTree(RenderedLayout.Flannel), flannel);
        Assert.True(File.Exists(flannel));
    }

    [Fact]
    public void Render_copies_the_pinned_flux_manifest_of_its_checkout_and_says_when_there_is_none()
    {
        const string manifest = FakeReleaseServer.FakeFluxInstallYaml;
        var pinned = HomeCluster.Definition with { Flux = new FluxSettings("v2.9.4", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)))) };

        using (var without = new TempDir())
        {
            var checkout = NewCheckout(without, pinned.Git);
            var run = RenderTool.Run(pinned, checkout, "render");
            Assert.Equal(0, run.Code);
            Assert.Contains("cluster/Flux/install.yaml is absent", run.Error);
            Assert.False(File.Exists(checkout.FileInTree(RenderedLayout.FluxComponents)));
        }

        using (var with = new TempDir())
        {
            var checkout = NewCheckout(with, pinned.Git, manifest);
            var run = RenderTool.Run(pinned, checkout, "render");
            Assert.Equal(0, run.Code);
            Assert.DoesNotContain("is absent", run.Error);
            Assert.Equal(manifest, File.ReadAllText(checkout.FileInTree(RenderedLayout.FluxComponents)));

            File.AppendAllText(FluxInstallInput.FullPath(with.Path), "# tampered\n");
            var tampered = RenderTool.Run(pinned, checkout, "render", "--check");
            Assert.Equal(ExitCodes.BadInput, tampered.Code);
            Assert.Contains("cluster/Flux/install.yaml: SHA-256 is ", tampered.Error);
        }
    }
}
