using System.Text.RegularExpressions;

namespace PiCluster.UnitTests.Rules;

/// <summary>
/// `validate --rendered DIR` on a copy of rendered/ edited by hand, through the render tool's command line (in-process,
/// Spectre's CommandAppTester): the three "done when" mutations of issue 12 exit 1 naming rule and object.
/// </summary>
public sealed class ValidateRulesCliTests
{
    [Fact]
    public void The_committed_tree_validates()
    {
        using var temp = new TempDir();
        var (exit, output) = RenderedCopy.Validate(RenderedCopy.Of(temp));
        Assert.True(exit == 0, output);
        Assert.Contains($"{PiCluster.Render.Rules.ClusterRules.All.Count} cluster rules", output);
        Assert.Equal(11, PiCluster.Render.Rules.ClusterRules.All.Count); // PI1001–PI1011
    }

    [Fact]
    public void Removing_traefiks_node_affinity_fails_with_PI1001()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "infrastructure/controllers/traefik.yaml", text =>
            Regex.Replace(text, @"    affinity:\n(      .*\n)+", "", RegexOptions.CultureInvariant));
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(1, exit);
        Assert.Contains("PI1001 infrastructure/controllers/traefik.yaml HelmRelease traefik/traefik: spec.values.affinity: pods may run on pi0, which MetalLB excludes", output);
    }

    [Fact]
    public void Renaming_a_secret_reference_fails_with_PI1003()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "infrastructure/configs/traefik-dashboard.yaml", text => text.Replace("secret: traefik-dashboard-auth", "secret: traefik-dashboard-users", StringComparison.Ordinal));
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(1, exit);
        Assert.Contains("PI1003 infrastructure/configs/traefik-dashboard.yaml Middleware traefik/dashboard-auth: spec.basicAuth.secret: Secret traefik/traefik-dashboard-users is created by nobody", output);
    }

    [Fact]
    public void Lowering_the_apps_timeout_below_its_release_fails_with_PI1007()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "flux-system/apps.yaml", text => text.Replace("timeout: 20m0s", "timeout: 10m0s", StringComparison.Ordinal));
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(1, exit);
        Assert.Contains("PI1007 flux-system/apps.yaml Kustomization flux-system/apps: spec.timeout: 10m0s is shorter than the timeout of HelmRelease monitoring/kube-prometheus-stack (20m0s)", output);
    }
}
