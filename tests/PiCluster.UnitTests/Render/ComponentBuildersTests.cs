using System.Text.RegularExpressions;
using k8s.Models;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Components;
using PiCluster.Render.Overview;

namespace PiCluster.UnitTests.Render;

/// <summary>Builders render the record they are handed (with a context computed once), and every list of services comes from the catalog.</summary>
public class ComponentBuildersTests
{
    [Fact]
    public void Each_builder_renders_the_record_it_visits_not_the_definitions_copy()
    {
        var builders = new ComponentBuilders(new RenderContext(HomeCluster.Definition));
        var dashboard = HomeCluster.Definition.Services.Dashboard with { Namespace = "ui" };

        var files = builders.Visit(dashboard).ToList();

        Assert.Contains(files.SelectMany(f => f.Documents).OfType<V1Namespace>(), n => n.Metadata.Name == "ui");
        Assert.DoesNotContain(files.SelectMany(f => f.Documents).OfType<V1Namespace>(), n => n.Metadata.Name == HomeCluster.Definition.Services.Dashboard.Namespace);
    }

    [Fact]
    public void The_context_carries_the_cross_component_facts_once()
    {
        var context = new RenderContext(HomeCluster.Definition);
        Assert.Equal(HomeCluster.Definition.Services.Traefik.Address, context.TraefikAddress);
        Assert.Equal("pi0", context.ControlPlane.Name);
        Assert.Equal(RoutedHosts.Of(HomeCluster.Definition), context.RoutedHosts);
        Assert.Equal(ClusterDefinitionSecrets.From(HomeCluster.Definition).Count, context.Secrets.Count);
        Assert.Contains(context.NfsClaims, c => c.Namespace == "torrent" && c.Export.Name == "torrent");
    }

    [Fact]
    public void The_overview_table_has_a_row_for_every_service_of_the_catalog_web_apps_included()
    {
        var home = HomeCluster.Definition;
        var cluster = home with
        {
            Nfs = home.Nfs with { Exports = [.. home.Nfs.Exports, SyntheticCluster.AppsExport] },
            Services = home.Services with
            {
                WebApps = [new WebApp("wiki", new Image("nginxinc/nginx-unprivileged", "1.29-alpine"), 8080, "wiki", Storage: new NfsVolume("apps", "wiki"))],
            },
        };

        var readme = ClusterRenderer.Render(cluster).Single(f => f.Path == ClusterOverview.FilePath).Content;

        Assert.Matches(new Regex(@"^\| wiki \| wiki \| via Traefik 192\.168\.50\.234 \| 80 via Traefik → 8080 \| https://wiki\.local \| NFS `/media/nfs/apps/wiki` at `/data` \| - \|$", RegexOptions.Multiline), readme);
        var rows = Regex.Matches(readme, @"^\| (?!Service |---)", RegexOptions.Multiline).Count;
        // One row per service record (web apps one each); the NFS storage row stands for the exports.
        Assert.Equal(ServiceCatalog.All(cluster.Services).Count(), rows);
    }
}
