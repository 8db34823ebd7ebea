using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PiCluster.Cluster.Model;
using PiCluster.Render.Resources;
using PiCluster.Render.Schemas;
using YamlDotNet.Core;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1006: every host name Traefik routes (the model's <see cref="RoutedHosts"/>, plus IngressRoute, Ingress and chart
/// ingress hosts in the tree) needs a DNS rewrite in AdGuard's seeded configuration answering Traefik's address, or it
/// resolves nowhere on the LAN. Silent when the tree holds no AdGuard configuration.
/// </summary>
internal static partial class DnsRewriteRule
{
    public const string ConfigKey = "AdGuardHome.yaml";

    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        var configs = c.Tree.OfKind("ConfigMap").Where(m => m.Group == "" && Json.Str(m.Body["data"]?[ConfigKey]) is not null).ToList();
        if (configs.Count == 0) yield break;
        var config = configs[0];
        var rewrites = Rewrites(Json.Str(config.Body["data"]![ConfigKey])!);
        var traefik = c.Cluster.Services.Traefik.Address;

        var routed = new List<(string Host, RenderedObject On, string Field)>();
        foreach (var (host, on, field) in TreeHosts(c)) routed.Add((host, on, field));
        foreach (var host in RoutedHosts.Of(c.Cluster)) routed.Add((host, config, $"data.{ConfigKey}"));

        var exact = rewrites.Where(r => !r.Domain.StartsWith("*.", StringComparison.Ordinal)).ToLookup(r => r.Domain, r => r.Answer, StringComparer.OrdinalIgnoreCase);
        var wildcards = rewrites.Where(r => r.Domain.StartsWith("*.", StringComparison.Ordinal)).ToList();
        foreach (var group in routed.GroupBy(r => r.Host.ToLowerInvariant()))
        {
            var (host, on, field) = group.First();
            // AdGuard answers an exact match alone; only without one does the most specific wildcard answer
            // (AdguardTeam/AdGuardHome internal/filtering/rewrites.go findRewrites, finalizeRewrites).
            var answers = exact[host].Any()
                ? exact[host].ToList()
                : wildcards.Where(r => Covers(r.Domain, host)).GroupBy(r => r.Domain.Length).OrderByDescending(g => g.Key).Take(1).SelectMany(g => g.Select(r => r.Answer)).ToList();
            if (answers.Contains(traefik)) continue;
            yield return RuleFinding.Error(TreeRuleIds.DnsRewrite, on, field, answers.Count == 0
                ? $"host {host} has no DNS rewrite in AdGuard's seeded configuration ({config.Display}), so it resolves nowhere on the LAN. Fix: route it through a model record ([ClusterFact(FactKind.HostName)]); AdGuard's seed gets a rewrite to Traefik {traefik}."
                : $"host {host} is rewritten to {string.Join(", ", answers)}, not to Traefik's address {traefik}. Fix: answer {traefik}.");
        }
    }

    private static bool Covers(string domain, string host) =>
        string.Equals(domain, host, StringComparison.OrdinalIgnoreCase)
        || domain.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(domain[1..], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Enabled rewrites of an AdGuardHome.yaml (schema 34: filtering.rewrites; older files: dns.rewrites). A rewrite
    /// without enabled is off: since schema 31 the field is a plain bool whose zero value is false
    /// (AdguardTeam/AdGuardHome internal/filtering/rewrites.go LegacyRewrite.Enabled; internal/configmigrate/v31.go sets
    /// it to true only while migrating older files).
    /// </summary>
    private static List<(string Domain, string Answer)> Rewrites(string yaml)
    {
        JsonNode? root;
        try
        {
            root = YamlJson.LoadSingle(yaml);
        }
        catch (YamlException)
        {
            return [];
        }
        // Files before schema 31 get enabled: true on every rewrite when AdGuard migrates them.
        // YamlJson reads integers as long.
        var migrated = root?["schema_version"] is JsonValue v && v.TryGetValue<long>(out var schema) && schema >= 31;
        return Json.Items(root?["filtering"]?["rewrites"]).Concat(Json.Items(root?["dns"]?["rewrites"]))
            .Where(r => (Json.Bool(r.Item["enabled"]) ?? !migrated) == true)
            .Select(r => (Json.Str(r.Item["domain"]) ?? "", Json.Str(r.Item["answer"]) ?? ""))
            .ToList();
    }

    private static IEnumerable<(string Host, RenderedObject On, string Field)> TreeHosts(RuleContext c)
    {
        foreach (var route in c.Tree.OfKind("IngressRoute").Where(r => r.Group is "traefik.io" or "traefik.containo.us"))
        {
            foreach (var (rule, i) in Json.Items(route.Body["spec"]?["routes"]))
            {
                foreach (Match host in HostMatcher().Matches(Json.Str(rule["match"]) ?? ""))
                {
                    foreach (Match name in QuotedName().Matches(host.Groups[1].Value)) yield return (name.Groups[1].Value, route, $"spec.routes[{i}].match");
                }
            }
        }
        foreach (var ingress in c.Tree.OfKind("Ingress").Where(r => r.Group == "networking.k8s.io"))
        {
            foreach (var (rule, i) in Json.Items(ingress.Body["spec"]?["rules"]))
            {
                if (Json.Str(rule["host"]) is { Length: > 0 } host) yield return (host, ingress, $"spec.rules[{i}].host");
            }
        }
        // Charts (grafana, headlamp, …) take ingress hosts as a list of names or of {host: …} objects.
        foreach (var release in c.Tree.OfKind(HelmRelease.KindName).Where(h => h.Group == RuleContext.HelmGroup))
        {
            foreach (var (node, path) in Json.Walk(release.Body["spec"]?["values"], "spec.values"))
            {
                if (node["ingress"] is not JsonObject ingress || Json.Bool(ingress["enabled"]) == false) continue;
                foreach (var (entry, i) in Json.Arr(ingress["hosts"]).Select((h, i) => (h, i)))
                {
                    if ((Json.Str(entry) ?? Json.Str(entry?["host"])) is { Length: > 0 } host) yield return (host, release, $"{path}.ingress.hosts[{i}]");
                }
            }
        }
    }

    [GeneratedRegex(@"Host\(([^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex HostMatcher();

    [GeneratedRegex("[`\"]([^`\"]+)[`\"]", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedName();
}
