using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PiCluster.Render.Rules;

namespace PiCluster.UnitTests.Rules;

/// <summary>
/// Issue 20, "rules that misfire": each one reproduced on a copy of the committed rendered/ edited by hand and checked
/// with `validate --rendered`, the way a reviewer would meet it.
/// </summary>
public sealed class MisfiringRulesTests
{
    [Fact]
    public void PI1001_reads_traefiks_service_type_where_chart_41_keeps_it()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        // No affinity, but no LoadBalancer either (service.spec.type in traefik chart 41 values.yaml): nothing to announce.
        RenderedCopy.Edit(tree, "infrastructure/controllers/traefik.yaml", text =>
            Regex.Replace(text, @"    affinity:\n(      .*\n)+", "", RegexOptions.CultureInvariant)
                .Replace("      spec:\n        externalTrafficPolicy: Local\n", "      spec:\n        externalTrafficPolicy: Local\n        type: ClusterIP\n", StringComparison.Ordinal));
        Assert.Empty(RenderedCopy.Findings(RenderedCopy.Validate(tree).Output, TreeRuleIds.LoadBalancerPlacement));
    }

    [Fact]
    public void PI1003_follows_tls_certificates_of_traefiks_store_ingress_routes_and_ingresses()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "infrastructure/controllers/traefik.yaml", text => text.Replace("secretName: picluster-tls", "secretName: picluster-cert", StringComparison.Ordinal));
        RenderedCopy.Edit(tree, "apps/adguard/adguard.yaml", text => text.Replace("  tls: {}\n", "  tls:\n    secretName: adguard-cert\n", StringComparison.Ordinal));
        File.AppendAllText(Path.Combine(tree, "apps/headlamp/headlamp.yaml"), """
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: extra, namespace: headlamp}
            spec:
              tls: [{hosts: [extra.local], secretName: extra-cert}]
              rules: [{host: extra.local, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: headlamp, port: {number: 80}}}}]}}]

            """);
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(1, exit);
        var findings = RenderedCopy.Findings(output, TreeRuleIds.SecretReference);
        Assert.Contains(findings, f => f.StartsWith("PI1003 infrastructure/controllers/traefik.yaml HelmRelease traefik/traefik: spec.values.tlsStore.default.defaultCertificate.secretName: Secret traefik/picluster-cert is created by nobody", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("PI1003 apps/adguard/adguard.yaml IngressRoute adguard/adguard: spec.tls.secretName: Secret adguard/adguard-cert is created by nobody", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("PI1003 apps/headlamp/headlamp.yaml Ingress headlamp/extra: spec.tls[0].secretName: Secret headlamp/extra-cert is created by nobody", StringComparison.Ordinal));
        Assert.Equal(3, findings.Count);
    }

    [Fact]
    public void PI1004_knows_the_runtime_socket_and_gives_no_create_advice_for_sockets_or_devices()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        string Volume(string name, string path, string type) => $"      - hostPath:\n          path: {path}\n          type: {type}\n        name: {name}\n";
        RenderedCopy.Edit(tree, "apps/adguard/adguard.yaml", text => text.Replace("      volumes:\n",
            "      volumes:\n" + Volume("containerd", "/run/containerd/containerd.sock", "Socket") + Volume("kmsg", "/dev/kmsg", "CharDevice") + Volume("docker", "/run/docker.sock", "Socket"),
            StringComparison.Ordinal));
        var findings = RenderedCopy.Findings(RenderedCopy.Validate(tree).Output, TreeRuleIds.NodePath);
        // containerd's socket and /dev/kmsg exist on every node; only the Docker socket (no Docker on the Pis) is reported.
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains("/run/docker.sock", f));
        Assert.All(findings, f => Assert.DoesNotContain("DirectoryOrCreate", f));
        Assert.All(findings, f => Assert.Contains("/run/containerd/containerd.sock", f));
    }

    [Fact]
    public void PI1005_compares_a_claim_without_a_class_as_the_empty_class()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "apps/adguard/adguard.yaml", text => text.Replace("  storageClassName: nfs-static-adguard-adguard\n", "", StringComparison.Ordinal));
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(1, exit);
        var finding = Assert.Single(RenderedCopy.Findings(output, TreeRuleIds.VolumeBinding));
        Assert.StartsWith("PI1005 apps/adguard/adguard.yaml PersistentVolumeClaim adguard/nfs-adguard: spec.storageClassName: is not set and the tree marks no StorageClass as default, so the claim asks for class \"\"", finding);
    }

    [Fact]
    public void PI1006_treats_a_rewrite_without_enabled_as_off_as_adguard_does_since_schema_31()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "apps/adguard/adguard.yaml", text => text.Replace("        domain: '*.local'\n        enabled: true\n", "        domain: '*.local'\n", StringComparison.Ordinal));
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(1, exit);
        var findings = RenderedCopy.Findings(output, TreeRuleIds.DnsRewrite);
        Assert.Contains(findings, f => f.Contains("host grafana.local has no DNS rewrite", StringComparison.Ordinal));
        // One finding per routed host: none resolves any more.
        Assert.Equal(Cluster.Model.RoutedHosts.Of(Cluster.HomeCluster.Definition).Count, findings.Count);
    }

    [Fact]
    public void PI1006_lets_an_exact_rewrite_win_over_the_wildcard_as_adguard_does()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        RenderedCopy.Edit(tree, "apps/adguard/adguard.yaml", text => text.Replace("      rewrites:\n", "      rewrites:\n      - answer: 192.168.50.99\n        domain: grafana.local\n        enabled: true\n", StringComparison.Ordinal));
        var findings = RenderedCopy.Findings(RenderedCopy.Validate(tree).Output, TreeRuleIds.DnsRewrite);
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains("host grafana.local is rewritten to 192.168.50.99, not to Traefik's address 192.168.50.234", f));
    }

    [Fact]
    public void A_missing_toleration_value_is_the_empty_value_as_the_scheduler_treats_it()
    {
        // No node of the model carries a taint today (NodeScheduling.Taints), so a rendered tree cannot reach this path;
        // the scheduler's own rule (component-helpers ToleratesTaint) is checked directly.
        var toleration = new JsonObject { ["key"] = "dedicated", ["operator"] = "Equal", ["effect"] = "NoSchedule" };
        Assert.True(RuleContext.Tolerates(toleration, ("dedicated", "", "NoSchedule")));
        Assert.True(RuleContext.Tolerates(toleration, ("dedicated", null, "NoSchedule")));
        Assert.False(RuleContext.Tolerates(toleration, ("dedicated", "gpu", "NoSchedule")));
        Assert.False(RuleContext.Tolerates(toleration, ("other", "", "NoSchedule")));
    }
}
