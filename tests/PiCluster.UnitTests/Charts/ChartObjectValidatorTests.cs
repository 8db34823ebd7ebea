using System.Text.Json.Nodes;
using PiCluster.Render.Rules;
using PiCluster.Render.Validation;

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
}
