using System.Text.Json.Nodes;
using PiCluster.Bootstrap.Secrets;
using PiCluster.Cluster;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;
using PiCluster.Render.Rules;
using PiCluster.Render.Yaml;
using PiCluster.UnitTests.Rules;

namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 20 item 2: alerts reach someone. A Pi-sized Alertmanager routes every alert to the model's receiver, whose URL
/// or token is a file from a Secret `bootstrap secrets` makes; Watchdog goes to a heartbeat URL when the model names one;
/// Flux's errors reach the same Alertmanager; PI1010 refuses alert rules without a receiver.
/// </summary>
public sealed class AlertingTests
{
    private static Monitoring Home => HomeCluster.Definition.Services.Monitoring;

    private static JsonNode Alertmanager(Monitoring monitoring) => ManifestSerializer.ToJson(MonitoringComponent.Alertmanager(monitoring));

    [Fact]
    public void Alertmanager_is_on_pi_sized_and_routes_every_alert_to_the_models_receiver_reading_its_secret_as_a_file()
    {
        var am = Alertmanager(Home);
        Assert.True(am["enabled"]!.GetValue<bool>());
        Assert.Equal("64Mi", (string?)am["alertmanagerSpec"]!["resources"]!["limits"]!["memory"]);
        Assert.Equal(["alert-receiver"], am["alertmanagerSpec"]!["secrets"]!.AsArray().Select(s => (string)s!));
        var route = am["config"]!["route"]!;
        Assert.Equal("ntfy", (string?)route["receiver"]);
        var ntfy = am["config"]!["receivers"]!.AsArray().Single(r => (string?)r!["name"] == "ntfy")!["webhook_configs"]![0]!;
        Assert.Equal("/etc/alertmanager/secrets/alert-receiver/credential", (string?)ntfy["url_file"]);
        Assert.Equal("yes", (string?)ntfy["http_config"]!["http_headers"]!["X-Template"]!["values"]![0]);
        Assert.Null(ntfy["url"]);
        // The rendered tree names the file, never a URL or token.
        var release = RenderedObjects.Text("apps/monitoring/kube-prometheus-stack.yaml");
        Assert.Contains("url_file: /etc/alertmanager/secrets/alert-receiver/credential", release);
        Assert.DoesNotContain("ntfy.sh", release);
    }

    [Fact]
    public void Each_receiver_kind_reads_its_credential_from_the_secret_file()
    {
        const string file = "/etc/alertmanager/secrets/alert-receiver/credential";
        JsonNode Receiver(AlertReceiver r) => ManifestSerializer.ToJson(MonitoringComponent.Receiver(r, file));

        Assert.Equal(file, (string?)Receiver(new WebhookReceiver())["webhook_configs"]![0]!["url_file"]);
        var telegram = Receiver(new TelegramReceiver(-1001234))["telegram_configs"]![0]!;
        Assert.Equal(file, (string?)telegram["bot_token_file"]);
        Assert.Equal(-1001234L, telegram["chat_id"]!.GetValue<long>());
        var email = Receiver(new EmailReceiver("me@example.com", "pi@example.com", "smtp.example.com:587", "pi"))["email_configs"]![0]!;
        Assert.Equal(file, (string?)email["auth_password_file"]);
        Assert.Equal("smtp.example.com:587", (string?)email["smarthost"]);
        Assert.Equal("pi", (string?)email["auth_username"]);
    }

    [Fact]
    public void Watchdog_is_a_dead_mans_switch_only_when_the_model_names_a_heartbeat()
    {
        JsonNode Watchdog(JsonNode am) => am["config"]!["route"]!["routes"]!.AsArray().Single(r => (string?)r!["matchers"]![0] == "alertname = \"Watchdog\"")!;
        Assert.Equal("null", (string?)Watchdog(Alertmanager(Home))["receiver"]);

        var withHeartbeat = Alertmanager(Home with { HeartbeatSecret = "alert-heartbeat", HeartbeatInterval = "2m" });
        var watchdog = Watchdog(withHeartbeat);
        Assert.Equal("heartbeat", (string?)watchdog["receiver"]);
        Assert.Equal("2m", (string?)watchdog["repeat_interval"]);
        var heartbeat = withHeartbeat["config"]!["receivers"]!.AsArray().Single(r => (string?)r!["name"] == "heartbeat")!["webhook_configs"]![0]!;
        Assert.Equal("/etc/alertmanager/secrets/alert-heartbeat/url", (string?)heartbeat["url_file"]);
        Assert.False(heartbeat["send_resolved"]!.GetValue<bool>());
        Assert.Equal(["alert-receiver", "alert-heartbeat"], withHeartbeat["alertmanagerSpec"]!["secrets"]!.AsArray().Select(s => (string)s!));
        // The heartbeat URL is a Secret of the catalog too: `bootstrap secrets` asks for it.
        var cluster = HomeCluster.Definition with { Services = HomeCluster.Definition.Services with { Monitoring = Home with { HeartbeatSecret = "alert-heartbeat" } } };
        var declared = Assert.Single(DeclaredSecrets.Of(cluster), s => s.Name == "alert-heartbeat");
        Assert.Equal(("monitoring", SecretShape.OperatorValues, "url"), (declared.Namespace, declared.Shape, Assert.Single(declared.Keys)));
    }

    [Fact]
    public void Flux_sends_kustomization_and_helm_release_errors_to_alertmanager()
    {
        var provider = RenderedObjects.Object("Provider", FluxSync.AlertProvider);
        Assert.Equal("notification.toolkit.fluxcd.io/v1beta3", provider.Str("apiVersion"));
        Assert.Equal("alertmanager", provider.Str("spec", "type"));
        Assert.Equal("http://kube-prometheus-stack-alertmanager.monitoring.svc.cluster.local:9093/api/v2/alerts/", provider.Str("spec", "address"));
        var alert = RenderedObjects.Object("Alert", FluxSync.ErrorAlert);
        Assert.Equal("error", alert.Str("spec", "eventSeverity"));
        Assert.Equal(FluxSync.AlertProvider, alert.Str("spec", "providerRef", "name"));
        var sources = alert.Maps("spec", "eventSources").Select(s => $"{s.Str("kind")} {s.Str("namespace")}/{s.Str("name")}").ToList();
        Assert.Contains("Kustomization flux-system/*", sources);
        // Every namespace holding a HelmRelease.
        foreach (var release in RenderedObjects.OfKind("HelmRelease"))
            Assert.Contains($"HelmRelease {release.Str("metadata", "namespace")}/*", sources);
    }

    [Fact]
    public void The_rendered_readme_shows_the_alert_route_and_the_variable_bootstrap_reads()
    {
        var overview = RenderedObjects.Overview;
        Assert.Contains("## Alerts", overview);
        Assert.Contains("Every alert → **ntfy**", overview);
        Assert.Contains("`Watchdog` (always firing) → dropped: no heartbeat URL", overview);
        // The overview names the same variable `bootstrap secrets` reads.
        var receiver = BootstrapSecrets.For(HomeCluster.Definition, TimeProvider.System).Single(s => s.Name == Home.AlertReceiverSecret);
        Assert.Contains(SecretStore.VariableName(receiver, receiver.Inputs[0]), overview);
    }

    [Fact]
    public void Grafana_starts_offline_no_preinstaller_no_update_checks_unless_the_model_lists_plugins()
    {
        var ini = ManifestSerializer.ToJson(MonitoringComponent.Values(new RenderContext(HomeCluster.Definition), Home))["grafana"]!["grafana.ini"]!;
        Assert.True(ini["plugins"]!["preinstall_disabled"]!.GetValue<bool>());
        Assert.False(ini["analytics"]!["check_for_updates"]!.GetValue<bool>());
        Assert.False(ini["analytics"]!["check_for_plugin_updates"]!.GetValue<bool>());
        var withPlugin = ManifestSerializer.ToJson(MonitoringComponent.Values(new RenderContext(HomeCluster.Definition), Home with { GrafanaPlugins = ["grafana-clock-panel"] }))["grafana"]!["grafana.ini"]!;
        Assert.False(withPlugin["plugins"]!["preinstall_disabled"]!.GetValue<bool>());
    }

    [Fact]
    public void PI1010_alert_rules_without_a_receiver_are_an_error()
    {
        using var temp = new TempDir();
        var tree = RenderedCopy.Of(temp);
        // The chart's own route: everything to "null".
        RenderedCopy.Edit(tree, "apps/monitoring/kube-prometheus-stack.yaml", text => text.Replace("          receiver: ntfy\n", "          receiver: \"null\"\n", StringComparison.Ordinal));
        var (exit, output) = RenderedCopy.Validate(tree);
        Assert.Equal(1, exit);
        var finding = Assert.Single(RenderedCopy.Findings(output, TreeRuleIds.AlertReceiver));
        Assert.StartsWith("PI1010 apps/monitoring/kube-prometheus-stack.yaml HelmRelease monitoring/kube-prometheus-stack: spec.values.alertmanager: the chart's default alert rules and 3 more (additionalPrometheusRulesMap) are evaluated, but its route sends every alert to receiver \"null\", which has no *_configs", finding);

        RenderedCopy.Edit(tree, "apps/monitoring/kube-prometheus-stack.yaml", text => text.Replace("      enabled: true\n    grafana:\n", "      enabled: false\n    grafana:\n", StringComparison.Ordinal));
        Assert.Contains("alertmanager.enabled is false", Assert.Single(RenderedCopy.Findings(RenderedCopy.Validate(tree).Output, TreeRuleIds.AlertReceiver)));
    }

    [Fact]
    public void PI1010_a_flux_alert_whose_provider_is_missing_is_an_error()
    {
        var findings = ClusterRules.Check(HomeCluster.Definition, RenderedTree.FromTexts([("flux-system/n.yaml", """
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata: {name: errors, namespace: flux-system}
            spec: {providerRef: {name: slack}, eventSeverity: error, eventSources: [{kind: Kustomization, name: '*'}]}
            """)]));
        var finding = Assert.Single(findings, f => f.Rule == TreeRuleIds.AlertReceiver);
        Assert.Equal("spec.providerRef.name", finding.Field);
        Assert.Contains("Provider flux-system/slack, which is not in the tree", finding.Message);
    }

    [Fact]
    public void Validate_says_which_custom_resources_it_could_not_check()
    {
        using var temp = new TempDir();
        var (exit, output) = RenderedCopy.Validate(RenderedCopy.Of(temp));
        Assert.Equal(0, exit);
        Assert.Contains("not checked (no schema pinned in ", output);
        Assert.Contains("notification.toolkit.fluxcd.io/v1beta3 Alert, notification.toolkit.fluxcd.io/v1beta3 Provider", output);
        Assert.Contains("2 custom resource kind(s) not checked (no schema pinned)", output);
    }
}
