using System.Text.Json.Nodes;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1010: alert rules that reach nobody. A kube-prometheus-stack release evaluating alert rules (the chart's default
/// rules unless defaultRules.create is false, plus additionalPrometheusRulesMap) needs an Alertmanager whose route sends
/// alerts to a receiver with at least one *_configs entry — the chart's own route sends everything to "null"
/// (kube-prometheus-stack values.yaml alertmanager.config). PrometheusRule objects need such an Alertmanager somewhere in
/// the tree, and a Flux Alert needs its Provider.
/// </summary>
internal static class AlertReceiverRule
{
    private const string StackChart = "kube-prometheus-stack";
    private const string MonitoringGroup = "monitoring.coreos.com";

    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        var delivering = 0;
        foreach (var release in c.Tree.OfKind(HelmRelease.KindName).Where(h => h.Group == RuleContext.HelmGroup))
        {
            if (Json.Str(release.Body["spec"]?["chart"]?["spec"]?["chart"]) != StackChart) continue;
            var values = release.Body["spec"]?["values"];
            var problem = Undelivered(values?["alertmanager"]);
            if (problem is null)
            {
                delivering++;
                continue;
            }
            if (Rules(values) is not { } rules) continue;
            yield return RuleFinding.Error(TreeRuleIds.AlertReceiver, release, "spec.values.alertmanager",
                $"{rules} are evaluated, but {problem}: every alert reaches nobody. Fix: give Services.Monitoring an AlertReceiver " +
                "(ntfy, Telegram, e-mail or a webhook; its URL or token in the Secret `bootstrap secrets` makes) — the builder enables a Pi-sized Alertmanager routing to it.");
        }

        foreach (var rule in c.Tree.OfKind("PrometheusRule").Where(r => r.Group == MonitoringGroup))
        {
            var alerts = Json.Items(rule.Body["spec"]?["groups"]).SelectMany(g => Json.Items(g.Item["rules"])).Count(r => Json.Str(r.Item["alert"]) is not null);
            if (alerts == 0 || delivering > 0) continue;
            yield return RuleFinding.Error(TreeRuleIds.AlertReceiver, rule, "spec.groups",
                $"{alerts} alert rule(s), but no Alertmanager in the tree delivers anywhere: every alert reaches nobody. Fix: give Services.Monitoring an AlertReceiver.");
        }

        var providers = c.Tree.OfKind(NotificationProvider.KindName).Where(p => p.Group == NotificationProvider.Group).Select(p => (p.Namespace, p.Name)).ToHashSet();
        foreach (var alert in c.Tree.OfKind(NotificationAlert.KindName).Where(a => a.Group == NotificationAlert.Group))
        {
            var provider = Json.Str(alert.Body["spec"]?["providerRef"]?["name"]) ?? "";
            if (!providers.Contains((alert.Namespace, provider)))
                yield return RuleFinding.Error(TreeRuleIds.AlertReceiver, alert, "spec.providerRef.name",
                    $"names Provider {alert.Namespace}/{provider}, which is not in the tree: Flux's errors reach nobody. Fix: render the Provider beside the Alert (FluxSync.Notifications).");
        }
    }

    /// <summary>What keeps this Alertmanager from delivering, or null when its route's catch-all receiver sends somewhere.</summary>
    private static string? Undelivered(JsonNode? alertmanager)
    {
        if (Json.Bool(alertmanager?["enabled"]) == false) return "alertmanager.enabled is false";
        var spec = alertmanager?["alertmanagerSpec"];
        // The configuration lives outside these values (a Secret or an AlertmanagerConfig): not judged here.
        if (Json.Bool(spec?["useExistingSecret"]) == true || Json.Str(spec?["configSecret"]) is { Length: > 0 } || Json.Str(spec?["alertmanagerConfiguration"]?["name"]) is { Length: > 0 })
            return null;
        var config = alertmanager?["config"];
        // Chart defaults when the values leave them out: receiver "null", receivers [{name: "null"}].
        var catchAll = Json.Str(config?["route"]?["receiver"]) ?? MonitoringComponent.NullReceiver;
        var receivers = config?["receivers"] is JsonArray given ? Json.Items(given).Select(r => r.Item).ToList() : [new JsonObject { ["name"] = MonitoringComponent.NullReceiver }];
        var receiver = receivers.FirstOrDefault(r => Json.Str(r["name"]) == catchAll);
        if (receiver is null) return $"its route sends every alert to receiver \"{catchAll}\", which is not defined";
        var delivers = receiver.Any(p => p.Key.EndsWith("_configs", StringComparison.Ordinal) && p.Value is JsonArray { Count: > 0 });
        return delivers ? null : $"its route sends every alert to receiver \"{catchAll}\", which has no *_configs (it drops them)";
    }

    /// <summary>"the chart's default alert rules and N more", or null when the release evaluates none.</summary>
    private static string? Rules(JsonNode? values)
    {
        var defaults = Json.Bool(values?["defaultRules"]?["create"]) != false;
        var extra = (values?["additionalPrometheusRulesMap"] as JsonObject ?? [])
            .SelectMany(set => Json.Items(set.Value?["groups"]))
            .SelectMany(g => Json.Items(g.Item["rules"]))
            .Count(r => Json.Str(r.Item["alert"]) is not null);
        if (!defaults && extra == 0) return null;
        return (defaults, extra) switch
        {
            (true, 0) => "the chart's default alert rules",
            (true, _) => $"the chart's default alert rules and {extra} more (additionalPrometheusRulesMap)",
            _ => $"{extra} alert rule(s) (additionalPrometheusRulesMap)",
        };
    }
}
