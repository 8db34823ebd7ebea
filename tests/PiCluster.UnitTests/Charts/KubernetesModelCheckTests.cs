using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Render.Schemas;

namespace PiCluster.UnitTests.Charts;

/// <summary>Built-in objects against the KubernetesClient models: unknown fields and wrong types are problems; what the API server accepts is not.</summary>
public sealed class KubernetesModelCheckTests
{
    private static IReadOnlyList<string> Problems(string json) =>
        KubernetesModelCheck.Check((JsonObject)JsonNode.Parse(json)!, KubernetesModelCheck.ModelOf("apps", "v1", "Deployment")!)
            .Select(e => $"{e.JsonPath}: {e.Message}").ToList();

    [Fact]
    public void The_models_are_found_by_group_version_and_kind()
    {
        Assert.Equal(typeof(V1Deployment), KubernetesModelCheck.ModelOf("apps", "v1", "Deployment"));
        Assert.Equal(typeof(V1Service), KubernetesModelCheck.ModelOf("", "v1", "Service"));
        Assert.Null(KubernetesModelCheck.ModelOf("apps", "v1beta1", "Deployment"));
        Assert.Null(KubernetesModelCheck.ModelOf("traefik.io", "v1alpha1", "IngressRoute"));
        Assert.True(KubernetesModelCheck.KnowsGroup("apps"));
        Assert.False(KubernetesModelCheck.KnowsGroup("traefik.io"));
    }

    [Fact]
    public void A_valid_deployment_has_no_problems_nulls_int_or_string_and_quantities_included()
    {
        Assert.Empty(Problems("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a", "labels": {"x": "y"}, "creationTimestamp": null},
             "spec": {"replicas": 2, "strategy": {"rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}},
               "selector": {"matchLabels": {"x": "y"}},
               "template": {"metadata": {"labels": {"x": "y"}}, "spec": {"containers": [{"name": "c", "image": "i:1",
                 "ports": [{"containerPort": 80, "name": "http"}], "resources": {"limits": {"cpu": "500m", "memory": 128}},
                 "readinessProbe": {"httpGet": {"port": "http", "path": "/"}}}]}}}}
            """));
    }

    [Fact]
    public void Unknown_fields_and_wrong_types_are_problems_with_their_path()
    {
        string[] expected =
            [
                "$.spec.replicas: expected integer, found string \"2\"",
                "$.spec.template.spec.containers[0].imagePullPolicyy: unknown field \"imagePullPolicyy\": V1Container has no such field",
                "$.spec.template.spec.containers[0].ports[0].containerPort: expected integer, found number 80.5",
                "$.spec.template.spec.containers[0].env[0].value: expected string, found number 1",
                "$.metadata.labels[\"x\"]: expected string, found boolean true",
                "$.spec.template.spec.volumes: expected a list, found an object",
            ];
        var found = Problems("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a", "labels": {"x": true}},
                 "spec": {"replicas": "2", "selector": {"matchLabels": {"x": "y"}},
                   "template": {"spec": {"volumes": {"name": "v"}, "containers": [{"name": "c", "image": "i:1", "imagePullPolicyy": "Always",
                     "ports": [{"containerPort": 80.5}], "env": [{"name": "N", "value": 1}]}]}}}}
                """);
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }
}
