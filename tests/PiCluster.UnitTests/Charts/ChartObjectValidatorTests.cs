using System.Text.Json.Nodes;
using PiCluster.Render.Rules;
using PiCluster.Render.Schemas;

namespace PiCluster.UnitTests.Charts;

/// <summary>What a chart makes, checked: built-in kinds against the models, custom resources against the CRDs the charts bring or the cache holds.</summary>
public sealed class ChartObjectValidatorTests
{
    private static RenderedObject Chart(string template, string json) =>
        new($"apps/app/app.yaml#app/templates/{template}", (JsonObject)JsonNode.Parse(json)!);

    private static readonly JsonObject WidgetCrd = (JsonObject)JsonNode.Parse("""
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.picluster.test"},
         "spec": {"group": "picluster.test", "scope": "Namespaced", "names": {"kind": "Widget", "plural": "widgets"},
           "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object",
             "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer", "minimum": 1}}}}}}}]}}
        """)!;

    [Fact]
    public void Each_object_is_checked_against_its_model_or_crd_and_unknown_kinds_are_named()
    {
        var problems = ChartObjectValidator.Validate(
            [
                Chart("service.yaml", """{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "apps"}, "spec": {"ports": [{"port": "80"}], "selectr": {}}}"""),
                Chart("widget.yaml", """{"apiVersion": "picluster.test/v1", "kind": "Widget", "metadata": {"name": "w", "namespace": "apps"}, "spec": {"size": 0}}"""),
                Chart("route.yaml", """{"apiVersion": "traefik.io/v1alpha1", "kind": "IngressRoute", "metadata": {"name": "r", "namespace": "apps"}, "spec": {"routes": "all"}}"""),
                Chart("gadget.yaml", """{"apiVersion": "gadgets.example/v1", "kind": "Gadget", "metadata": {"name": "g", "namespace": "apps"}}"""),
                Chart("old.yaml", """{"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "i", "namespace": "apps"}}"""),
                Chart("deployment.yaml", """{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "apps"}, "spec": {"selector": {}, "template": {}}}"""),
            ],
            TestSchemas.Pinned,
            [WidgetCrd]);

        var lines = problems.Select(p => p.ToString()).ToList();
        Assert.Contains("apps/app/app.yaml#app/templates/service.yaml: document 1: Service/s: $.spec.ports[0].port: expected integer, found string \"80\"", lines);
        Assert.Contains("apps/app/app.yaml#app/templates/service.yaml: document 1: Service/s: $.spec.selectr: unknown field \"selectr\": V1ServiceSpec has no such field", lines);
        // The chart's own CRD, handed in: its schema's minimum holds.
        Assert.Contains(lines, l => l.StartsWith("apps/app/app.yaml#app/templates/widget.yaml: document 1: Widget/w: $.spec.size:", StringComparison.Ordinal));
        // A CRD from the schemas cache (Traefik's) when no chart brings one.
        Assert.Contains(lines, l => l.StartsWith("apps/app/app.yaml#app/templates/route.yaml: document 1: IngressRoute/r: $.spec.routes:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Gadget/g: $.apiVersion: no CRD for gadgets.example in the tree, the charts or the schemas cache", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Ingress/i: $.apiVersion: extensions/v1beta1 Ingress is not a Kubernetes API the models know (no version of extensions is served any more)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Deployment/d", StringComparison.Ordinal));
        Assert.Equal(6, lines.Count);
    }

    private static readonly JsonObject GatewayCrd = (JsonObject)JsonNode.Parse("""
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "gateways.gateway.networking.k8s.io",
           "annotations": {"api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/gateway-api/pull/3328"}},
         "spec": {"group": "gateway.networking.k8s.io", "scope": "Namespaced", "names": {"kind": "Gateway", "plural": "gateways"},
           "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object",
             "properties": {"spec": {"type": "object", "required": ["gatewayClassName"], "properties": {"gatewayClassName": {"type": "string"}}}}}}}]}}
        """)!;

    private const string Gateway = """{"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "metadata": {"name": "web", "namespace": "traefik"}, "spec": {"gatewayClassName": "traefik"}}""";

    [Fact]
    public void A_k8s_io_group_a_crd_defines_is_checked_against_that_crd_and_without_one_is_a_missing_crd()
    {
        // Gateway API (traefik's chart ships it) lives in gateway.networking.k8s.io, a CRD group despite the suffix.
        Assert.Empty(ChartObjectValidator.Validate([Chart("gateway.yaml", Gateway)], TestSchemas.Pinned, [GatewayCrd]));
        var wrong = ChartObjectValidator.Validate([Chart("gateway.yaml", Gateway.Replace("gatewayClassName", "className", StringComparison.Ordinal))], TestSchemas.Pinned, [GatewayCrd]);
        Assert.Contains(wrong, p => p.JsonPath == "$.spec" && p.Message.Contains("gatewayClassName", StringComparison.Ordinal));

        var missing = Assert.Single(ChartObjectValidator.Validate([Chart("gateway.yaml", Gateway)], TestSchemas.Pinned, []));
        Assert.Equal("$.apiVersion", missing.JsonPath);
        Assert.StartsWith("no CRD for gateway.networking.k8s.io in the tree, the charts or the schemas cache", missing.Message, StringComparison.Ordinal);

        // A group the models know stays built-in: an unknown version there is not a missing CRD.
        var old = Assert.Single(ChartObjectValidator.Validate([Chart("ingress.yaml", """{"apiVersion": "networking.k8s.io/v1beta1", "kind": "Ingress", "metadata": {"name": "i", "namespace": "apps"}}""")], TestSchemas.Pinned, []));
        Assert.Contains("networking.k8s.io/v1beta1 Ingress is not a Kubernetes API the models know", old.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_list_is_checked_item_by_item()
    {
        var problems = ChartObjectValidator.Validate(
            [Chart("list.yaml", """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ok", "namespace": "apps"}, "data": {"a": "b"}},
                  {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "apps"}, "spec": {"ports": [{"port": "80"}]}},
                  {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "metadata": {"name": "g", "namespace": "apps"}, "spec": {}}]}
                """)],
            TestSchemas.Pinned,
            [GatewayCrd]);

        var lines = problems.Select(p => p.ToString()).ToList();
        Assert.Contains("apps/app/app.yaml#app/templates/list.yaml: document 1: Service/s: $.items[1].spec.ports[0].port: expected integer, found string \"80\"", lines);
        Assert.Contains(lines, l => l.StartsWith("apps/app/app.yaml#app/templates/list.yaml: document 1: Gateway/g: $.items[2].spec:", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count);
    }
}
