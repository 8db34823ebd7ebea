namespace PiCluster.UnitTests.Apps;

/// <summary>Issue 11 item 8: every UI on Traefik's websecure entry point with the bootstrap-made certificate; web redirects.</summary>
public class HttpsEntryPointTests
{
    private static YamlDotNet.RepresentationModel.YamlNode? TraefikValues =>
        RenderedObjects.Object("HelmRelease", "traefik").Get("spec", "values");

    [Fact]
    public void Every_ingress_route_is_on_websecure_with_tls()
    {
        var routes = RenderedObjects.OfKind("IngressRoute").ToList();
        Assert.NotEmpty(routes);
        Assert.All(routes, r =>
        {
            Assert.Equal(["websecure"], r.Strings("spec", "entryPoints"));
            Assert.NotNull(r.Get("spec", "tls"));
        });
    }

    [Theory]
    [InlineData("kube-prometheus-stack", "grafana")]
    [InlineData("headlamp", null)]
    public void Chart_ingresses_use_websecure_with_tls(string release, string? subchart)
    {
        var values = RenderedObjects.Object("HelmRelease", release).Get("spec", "values");
        var ingress = subchart is null ? values.Get("ingress") : values.Get(subchart, "ingress");
        Assert.Equal("websecure", ingress.Str("annotations", "traefik.ingress.kubernetes.io/router.entrypoints"));
        Assert.Equal("true", ingress.Str("annotations", "traefik.ingress.kubernetes.io/router.tls"));
    }

    [Fact]
    public void Web_redirects_permanently_to_websecure_and_the_default_certificate_is_the_bootstrap_secret()
    {
        var redirect = TraefikValues.Get("ports", "web", "http", "redirections", "entryPoint");
        Assert.Equal("websecure", redirect.Str("to"));
        Assert.Equal("https", redirect.Str("scheme"));
        Assert.Equal("true", redirect.Str("permanent"));
        var secret = TraefikValues.Str("tlsStore", "default", "defaultCertificate", "secretName");
        Assert.False(string.IsNullOrEmpty(secret));
        Assert.Contains($"`{secret}`", RenderedObjects.Overview);
    }

    [Fact]
    public void The_overview_links_every_ui_over_https_and_names_the_ca_to_import()
    {
        Assert.DoesNotContain("http://", RenderedObjects.Overview);
        foreach (var host in new[] { "traefik", "adguard", "grafana", "k8s", "torrent" })
            Assert.Contains($"https://{host}.local", RenderedObjects.Overview);
        Assert.Contains("picluster-ca.crt", RenderedObjects.Overview);
    }
}
