using System.Text.Json.Nodes;
using k8s.Models;
using PiCluster.Cluster.Model;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1003: every Secret the tree references (pod env, envFrom, volumes, imagePullSecrets; HelmRelease valuesFrom and
/// chart values' existingSecret; Traefik middleware secrets; TLS certificates: the traefik chart's tlsStore, TLSStore,
/// IngressRoute spec.tls and Ingress spec.tls; Flux source and notification secretRef) must be created by someone: the
/// model's catalog (<see cref="DeclaredSecrets"/>: `bootstrap secrets`, a chart, or the operator), a Secret in the tree,
/// or `bootstrap flux` (the Git deploy key). A key the reference names must be one the Secret holds. A chart object's
/// reference to a Secret nobody declares is a warning only when its release can create Secrets in that namespace
/// (<see cref="ReleaseSecretWriters"/>), an error otherwise.
/// </summary>
internal static class SecretReferenceRule
{
    private sealed record Reference(RenderedObject Owner, string Field, string Namespace, string Name, IReadOnlyList<string> Keys, bool Optional);

    /// <summary>A known Secret and its keys (null: keys unknown, any key accepted) and who makes it.</summary>
    private sealed record Creator(IReadOnlySet<string>? Keys, string Who);

    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        var creators = Creators(c);
        var writers = new ReleaseSecretWriters(c.Tree);
        foreach (var reference in References(c))
        {
            if (reference.Optional || reference.Name.Length == 0) continue;
            if (!creators.TryGetValue((reference.Namespace, reference.Name), out var creator))
            {
                // A chart's hook Jobs and controllers make Secrets at run time (webhook certificates, memberlist keys) that no
                // tree shows; only a release whose objects may create Secrets in that namespace gets the benefit of the doubt.
                if (reference.Owner.Chart is { } origin && writers.HowCanCreate(origin.Release, reference.Namespace) is { } how)
                {
                    yield return RuleFinding.Warning(TreeRuleIds.SecretReference, reference.Owner, reference.Field,
                        $"Secret {reference.Namespace}/{reference.Name} is in neither the tree, the charts' objects nor the model's catalog; chart {origin.Chart} may make it at run time: {origin.Release.Display} can create Secrets in {reference.Namespace} ({how}). " +
                        "If the chart expects you to create it, declare it with [SecretName] (Source = User) so `bootstrap secrets` and this rule know it.");
                    continue;
                }
                yield return RuleFinding.Error(TreeRuleIds.SecretReference, reference.Owner, reference.Field,
                    $"Secret {reference.Namespace}/{reference.Name} is created by nobody: not by `bootstrap secrets` or a chart (no [SecretName] parameter of the model names it), " +
                    "not in the tree, not by `bootstrap flux`" +
                    (reference.Owner.Chart is { } chart ? $", not by {chart.Release.Display} (no hook Job in {reference.Namespace}, no ServiceAccount of it allowed to create Secrets there)" : "") +
                    ". Fix: name the Secret the model declares, or declare it with [SecretName] (Source = Chart or User when someone else creates it).");
                continue;
            }
            // Traefik also reads a kubernetes.io/basic-auth Secret (username + password) in place of htpasswd users.
            var basicAuth = creator.Keys is { } held && held.Contains("username") && held.Contains("password");
            foreach (var key in reference.Keys.Where(k => creator.Keys is { } keys && !keys.Contains(k) && !(basicAuth && k == SecretKeys.Users)))
                yield return RuleFinding.Error(TreeRuleIds.SecretReference, reference.Owner, reference.Field,
                    $"key \"{key}\" is not in Secret {reference.Namespace}/{reference.Name} ({creator.Who}; keys: {string.Join(", ", creator.Keys!.Order(StringComparer.Ordinal))}). Fix: use one of its keys (SecretKeys).");
        }
    }

    private static Dictionary<(string, string), Creator> Creators(RuleContext c)
    {
        var creators = new Dictionary<(string, string), Creator>();
        foreach (var secret in DeclaredSecrets.Of(c.Cluster))
        {
            var who = secret.Source switch
            {
                SecretSource.Bootstrap => "created by `bootstrap secrets`",
                SecretSource.Chart => "created by a chart",
                _ => "provided by the operator",
            };
            creators[(secret.Namespace, secret.Name)] = new Creator(secret.Keys.ToHashSet(StringComparer.Ordinal), $"{who}, {secret.Field}");
        }
        foreach (var secret in c.Tree.OfKind(ApiOf<V1Secret>.Kind).Where(s => s.Group == ""))
        {
            var keys = new[] { "data", "stringData" }.SelectMany(k => (secret.Body[k] as JsonObject)?.Select(p => p.Key) ?? []).ToHashSet(StringComparer.Ordinal);
            creators[(secret.Namespace, secret.Name)] = new Creator(keys, $"in {secret.File}");
        }
        // `bootstrap flux` creates the deploy key the GitRepository authenticates with, as `flux bootstrap` does.
        creators.TryAdd((FluxSync.Namespace, FluxSync.SourceName), new Creator(null, "created by `bootstrap flux`"));
        return creators;
    }

    private static IEnumerable<Reference> References(RuleContext c)
    {
        foreach (var template in c.PodTemplates)
        {
            var ns = template.Owner.Namespace;
            foreach (var (pull, i) in Json.Items(template.Spec["imagePullSecrets"]))
                yield return new(template.Owner, $"{template.Path}.imagePullSecrets[{i}].name", ns, Json.Str(pull["name"]) ?? "", [], false);
            foreach (var (container, path) in template.Containers)
            {
                foreach (var (env, i) in Json.Items(container["env"]))
                {
                    if (env["valueFrom"]?["secretKeyRef"] is JsonObject keyRef)
                        yield return new(template.Owner, $"{path}.env[{i}].valueFrom.secretKeyRef", ns, Json.Str(keyRef["name"]) ?? "", Keys(keyRef["key"]), Json.Bool(keyRef["optional"]) == true);
                }
                foreach (var (from, i) in Json.Items(container["envFrom"]))
                {
                    if (from["secretRef"] is JsonObject secretRef)
                        yield return new(template.Owner, $"{path}.envFrom[{i}].secretRef", ns, Json.Str(secretRef["name"]) ?? "", [], Json.Bool(secretRef["optional"]) == true);
                }
            }
            foreach (var (volume, i) in Json.Items(template.Spec["volumes"]))
            {
                if (volume["secret"] is JsonObject secret)
                    yield return new(template.Owner, $"{template.Path}.volumes[{i}].secret", ns, Json.Str(secret["secretName"]) ?? "", ItemKeys(secret), Json.Bool(secret["optional"]) == true);
                foreach (var (source, j) in Json.Items(volume["projected"]?["sources"]))
                {
                    if (source["secret"] is JsonObject projected)
                        yield return new(template.Owner, $"{template.Path}.volumes[{i}].projected.sources[{j}].secret", ns, Json.Str(projected["name"]) ?? "", ItemKeys(projected), Json.Bool(projected["optional"]) == true);
                }
            }
        }

        foreach (var release in c.Tree.OfKind(HelmRelease.KindName).Where(h => h.Group == RuleContext.HelmGroup))
        {
            var spec = release.Body["spec"];
            foreach (var (from, i) in Json.Items(spec?["valuesFrom"]))
            {
                if (Json.Str(from["kind"]) == ApiOf<V1Secret>.Kind)
                    yield return new(release, $"spec.valuesFrom[{i}]", release.Namespace, Json.Str(from["name"]) ?? "", [Json.Str(from["valuesKey"]) ?? "values.yaml"], Json.Bool(from["optional"]) == true);
            }
            // Chart convention (grafana, many others): existingSecret names the Secret, sibling *Key values name its keys.
            var target = Json.Str(spec?["targetNamespace"]) ?? release.Namespace;
            foreach (var (node, path) in Json.Walk(spec?["values"], "spec.values"))
            {
                if (Json.Str(node["existingSecret"]) is not { Length: > 0 } name) continue;
                var keys = node.Where(p => p.Key.EndsWith("Key", StringComparison.Ordinal) && Json.Str(p.Value) is { Length: > 0 }).Select(p => Json.Str(p.Value)!).ToList();
                yield return new(release, path + ".existingSecret", target, name, keys, false);
            }
        }

        // TLS certificates: a missing Secret makes Traefik serve its self-signed default certificate on every UI.
        string[] tlsKeys = [SecretKeys.TlsCertificate, SecretKeys.TlsPrivateKey];
        foreach (var release in c.Tree.OfKind(HelmRelease.KindName).Where(h => h.Group == RuleContext.HelmGroup && Json.Str(h.Body["spec"]?["chart"]?["spec"]?["chart"]) == "traefik"))
        {
            // traefik chart values.yaml: tlsStore.<name>.defaultCertificate.secretName and .certificates[].secretName, in the release namespace.
            var target = Json.Str(release.Body["spec"]?["targetNamespace"]) ?? release.Namespace;
            if (release.Body["spec"]?["values"]?["tlsStore"] is not JsonObject stores) continue;
            foreach (var (store, body) in stores)
            {
                if (Json.Str(body?["defaultCertificate"]?["secretName"]) is { } name)
                    yield return new(release, $"spec.values.tlsStore.{store}.defaultCertificate.secretName", target, name, tlsKeys, false);
                foreach (var (certificate, i) in Json.Items(body?["certificates"]))
                {
                    if (Json.Str(certificate["secretName"]) is { } certificateName)
                        yield return new(release, $"spec.values.tlsStore.{store}.certificates[{i}].secretName", target, certificateName, tlsKeys, false);
                }
            }
        }
        foreach (var store in c.Tree.OfKind("TLSStore").Where(m => m.Group is "traefik.io" or "traefik.containo.us"))
        {
            if (Json.Str(store.Body["spec"]?["defaultCertificate"]?["secretName"]) is { } name)
                yield return new(store, "spec.defaultCertificate.secretName", store.Namespace, name, tlsKeys, false);
            foreach (var (certificate, i) in Json.Items(store.Body["spec"]?["certificates"]))
            {
                if (Json.Str(certificate["secretName"]) is { } certificateName)
                    yield return new(store, $"spec.certificates[{i}].secretName", store.Namespace, certificateName, tlsKeys, false);
            }
        }
        foreach (var route in c.Tree.OfKind("IngressRoute").Where(m => m.Group is "traefik.io" or "traefik.containo.us"))
        {
            if (Json.Str(route.Body["spec"]?["tls"]?["secretName"]) is { } name)
                yield return new(route, "spec.tls.secretName", route.Namespace, name, tlsKeys, false);
        }
        foreach (var ingress in c.Tree.OfKind("Ingress").Where(m => m.Group == "networking.k8s.io"))
        {
            foreach (var (tls, i) in Json.Items(ingress.Body["spec"]?["tls"]))
            {
                if (Json.Str(tls["secretName"]) is { } name)
                    yield return new(ingress, $"spec.tls[{i}].secretName", ingress.Namespace, name, tlsKeys, false);
            }
        }

        foreach (var middleware in c.Tree.OfKind("Middleware").Where(m => m.Group is "traefik.io" or "traefik.containo.us"))
        {
            foreach (var auth in new[] { "basicAuth", "digestAuth" })
            {
                if (Json.Str(middleware.Body["spec"]?[auth]?["secret"]) is { } name)
                    yield return new(middleware, $"spec.{auth}.secret", middleware.Namespace, name, [SecretKeys.Users], false);
            }
        }

        foreach (var source in c.Tree.Objects.Where(o => o.Group is "source.toolkit.fluxcd.io" or "notification.toolkit.fluxcd.io"))
        {
            if (Json.Str(source.Body["spec"]?["secretRef"]?["name"]) is { } name)
                yield return new(source, "spec.secretRef.name", source.Namespace, name, [], false);
        }
    }

    private static IReadOnlyList<string> Keys(JsonNode? key) => Json.Str(key) is { Length: > 0 } k ? [k] : [];

    private static IReadOnlyList<string> ItemKeys(JsonObject source) =>
        Json.Items(source["items"]).Select(i => Json.Str(i.Item["key"])).Where(k => k is not null).Select(k => k!).ToList();
}
