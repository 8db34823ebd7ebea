using PiCluster.Render.Schemas;

namespace PiCluster.UnitTests.Schemas;

/// <summary>Values of a chart without a values schema are checked against the chart's defaults.</summary>
public sealed class HelmDefaultsCheckTests
{
    private const string Defaults = """
        alertmanager:
          enabled: true
          config:
            route:
              receiver: "null"
          alertmanagerSpec:
            storage: {}
            replicas: 1
        grafana:
          enabled: true
          ingress:
            enabled: false
            hosts: []
        prometheus:
          prometheusSpec:
            retention: 10d
            storageSpec: {}
            nodeSelector: {}
            serviceName:
        """;

    private static readonly HashSet<string> Subcharts = ["grafana"];

    private static List<string> Check(string values) =>
        [.. HelmDefaultsCheck.Check(YamlJson.LoadSingle(Defaults), YamlJson.LoadSingle(values), Subcharts, "$.spec.values").Select(e => $"{e.JsonPath}: {e.Message}")];

    [Fact]
    public void Known_keys_and_open_places_are_accepted()
    {
        Assert.Empty(Check("""
            alertmanager:
              enabled: false
              alertmanagerSpec:
                storage:
                  volumeClaimTemplate: {spec: {}}
            prometheus:
              prometheusSpec:
                retention: 7d
                nodeSelector: {kubernetes.io/hostname: pi1}
                serviceName: prometheus
            grafana:
              admin: {existingSecret: grafana-admin}
              ingress: {enabled: true, hosts: [grafana.local]}
            """));
    }

    [Fact]
    public void A_misspelt_key_is_reported_with_its_path_and_the_nearest_default()
    {
        var problems = Check("prometheus:\n  prometheusSpec:\n    retension: 7d\n");
        Assert.Equal(["$.spec.values.prometheus.prometheusSpec.retension: unknown field \"retension\": not among the chart's default values (did you mean \"retention\"?)"], problems);
    }

    [Fact]
    public void Wrong_types_are_reported_even_under_a_subchart()
    {
        var problems = Check("alertmanager:\n  enabled: \"no\"\n  config: [a]\ngrafana:\n  ingress:\n    hosts: grafana.local\n");
        Assert.Equal(
            [
                "$.spec.values.alertmanager.config: expected a map like the chart default, got list",
                "$.spec.values.alertmanager.enabled: expected a boolean like the chart default, got string",
                "$.spec.values.grafana.ingress.hosts: expected a list like the chart default, got string",
            ],
            problems);
    }

    [Fact]
    public void Unknown_keys_under_a_subchart_are_left_to_the_subchart()
    {
        Assert.Empty(Check("grafana:\n  persistence: {enabled: false}\n  ingress: {ingressClassName: traefik}\n"));
        Assert.Single(Check("alertmanager:\n  persistence: {enabled: false}\n"));
    }
}
