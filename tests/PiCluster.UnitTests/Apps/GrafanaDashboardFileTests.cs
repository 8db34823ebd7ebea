using PiCluster.Cluster.Model;
using PiCluster.Cluster;
using PiCluster.Cluster.Dashboards;
using PiCluster.Render.Components;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 11 item 6: a dashboard file dropped into cluster/Dashboards stops render when the sidecar could not load it as
/// is — broken JSON, no uid, a datasource left as an import input (${DS_…}), too big for a ConfigMap, or a uid clash.
/// </summary>
public class GrafanaDashboardFileTests
{
    // The shape of a dashboard exported "for sharing externally": __inputs declared, panels on a datasource variable.
    private const string SharedExport = """
        {
          "__inputs": [ { "name": "DS_PROMETHEUS", "label": "Prometheus", "type": "datasource", "pluginId": "prometheus" } ],
          "panels": [ { "datasource": { "type": "prometheus", "uid": "${datasource}" }, "targets": [ { "expr": "up" } ] } ],
          "templating": { "list": [ { "name": "datasource", "type": "datasource", "query": "prometheus" } ] },
          "title": "Shared export",
          "uid": "shared_export"
        }
        """;

    [Fact]
    public void A_dashboard_on_a_datasource_variable_ships_unchanged_even_with_import_inputs_declared()
    {
        Assert.Same(SharedExport, GrafanaDashboardFile.Check("shared", SharedExport));
    }

    [Theory]
    [InlineData("${DS_PROMETHEUS}")]
    [InlineData("${DS_PROMETHEUS:text}")]
    [InlineData("$DS_PROMETHEUS")]
    [InlineData("[[DS_PROMETHEUS]]")]
    public void A_panel_on_an_import_input_is_refused_because_provisioning_never_fills_it(string reference)
    {
        var json = SharedExport.Replace("\"uid\": \"${datasource}\"", $"\"uid\": \"{reference}\"");

        var error = Assert.Throws<ClusterInputException>(() => GrafanaDashboardFile.Check("community", json));

        Assert.Contains("Services.Monitoring.Dashboards: \"community\" (cluster/Dashboards/community.json)", error.Message);
        Assert.Contains("${DS_PROMETHEUS}", error.Message);
    }

    [Fact]
    public void An_import_input_that_is_also_a_template_variable_is_resolved_by_grafana()
    {
        var json = SharedExport
            .Replace("\"uid\": \"${datasource}\"", "\"uid\": \"${DS_PROMETHEUS}\"")
            .Replace("{ \"name\": \"datasource\",", "{ \"name\": \"DS_PROMETHEUS\",");

        Assert.Same(json, GrafanaDashboardFile.Check("community", json));
    }

    [Fact]
    public void A_variable_that_only_starts_with_the_input_name_is_not_the_input()
    {
        var json = SharedExport.Replace("\"expr\": \"up\"", "\"expr\": \"up{job=\\\"$DS_PROMETHEUS_JOB\\\"}\"");

        Assert.Same(json, GrafanaDashboardFile.Check("community", json));
    }

    [Fact]
    public void Broken_json_names_the_dashboard_and_the_parser_error()
    {
        var error = Assert.Throws<ClusterInputException>(() => GrafanaDashboardFile.Check("half", SharedExport[..200]));

        Assert.Contains("\"half\" (cluster/Dashboards/half.json) is not valid JSON", error.Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"title\": \"no uid\"}")]
    [InlineData("{\"uid\": \"\"}")]
    [InlineData("{\"uid\": 7}")]
    public void A_dashboard_without_a_fixed_uid_is_refused(string json)
    {
        var error = Assert.Throws<ClusterInputException>(() => GrafanaDashboardFile.Check("anon", json));

        Assert.Contains("Services.Monitoring.Dashboards: \"anon\"", error.Message);
    }

    [Fact]
    public void A_file_bigger_than_a_configmap_holds_is_refused_and_one_at_the_limit_ships()
    {
        const string head = "{\"uid\":\"big\",\"padding\":\"";
        const string tail = "\"}";
        var atLimit = head + new string('x', GrafanaDashboardFile.ConfigMapDataLimitBytes - head.Length - tail.Length) + tail;
        Assert.Equal(1_048_576, atLimit.Length);
        Assert.Same(atLimit, GrafanaDashboardFile.Check("big", atLimit));

        // One more byte, as a two-byte UTF-8 character replacing a one-byte one: the limit counts bytes, not chars.
        var overLimit = head + "é" + new string('x', GrafanaDashboardFile.ConfigMapDataLimitBytes - head.Length - tail.Length - 1) + tail;
        Assert.Equal(atLimit.Length, overLimit.Length);
        var error = Assert.Throws<ClusterInputException>(() => GrafanaDashboardFile.Check("big", overLimit));
        Assert.Contains("\"big\" (cluster/Dashboards/big.json) is 1048577 bytes; a ConfigMap holds at most 1048576", error.Message);
    }

    [Fact]
    public void Two_dashboards_with_one_uid_are_refused_naming_both()
    {
        var error = Assert.Throws<ClusterInputException>(() =>
            GrafanaDashboardFile.CheckUniqueUids([("first", SharedExport), ("second", SharedExport.Replace("Shared export", "Copy"))]));

        Assert.Contains("\"second\" and \"first\" share the uid \"shared_export\"", error.Message);
    }

    [Fact]
    public void Every_dashboard_the_model_ships_passes_the_check()
    {
        var dashboards = HomeCluster.Definition.Services.Monitoring.Dashboards;
        Assert.NotEmpty(dashboards);
        var files = dashboards.Select(d => (d.Name, Json: GrafanaDashboardFile.Check(d.Name, ClusterDashboards.Read(d.Name)))).ToList();
        GrafanaDashboardFile.CheckUniqueUids(files);
    }
}
