using System.Text.Json.Nodes;
using PiCluster.Render.Rules;

namespace PiCluster.Render.Schemas;

/// <summary>
/// The schema check of the objects charts make (--charts): built-in kinds against the KubernetesClient models (unknown
/// fields, wrong types), custom resources against their CRD, taken from the charts and the tree first and from the
/// schemas cache otherwise. A kind nothing defines is a problem too: applying it fails.
/// </summary>
public static class ChartObjectValidator
{
    /// <param name="crds">CRDs the tree and the charts install: they override the cached ones of the same group and kind.</param>
    public static IReadOnlyList<SchemaProblem> Validate(IEnumerable<RenderedObject> objects, VerifiedSchemas schemas, IEnumerable<JsonObject> crds)
    {
        var set = new SchemaValidator.SchemaSet(schemas.Directory, schemas.Sources, crds.ToList());
        var problems = new List<SchemaProblem>();
        foreach (var file in objects.GroupBy(o => o.File, StringComparer.Ordinal))
        {
            var index = 0;
            foreach (var o in file)
            {
                index++;
                var doc = new SchemaValidator.DocumentRef(o.File, index, Path.GetFileName(o.File), o.Body);
                problems.AddRange(Check(set, doc, o));
            }
        }
        return problems
            .OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Document)
            .ThenBy(p => p.JsonPath, StringComparer.Ordinal).ThenBy(p => p.Message, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<SchemaProblem> Check(SchemaValidator.SchemaSet set, SchemaValidator.DocumentRef doc, RenderedObject o)
    {
        if (o.ApiVersion.Length == 0 || o.Kind.Length == 0)
            return [doc.Problem("$", "a document without apiVersion or kind: the API server refuses it")];
        return Check(set, doc, o.Group, Version(o.ApiVersion), o.Kind, o.ApiVersion);
    }

    private static IEnumerable<SchemaProblem> Check(SchemaValidator.SchemaSet set, SchemaValidator.DocumentRef doc, string group, string version, string kind, string apiVersion)
    {
        // helm's kube client (cli-runtime's resource builder) applies a v1 List item by item.
        if (group.Length == 0 && version == "v1" && kind == "List") return Items(set, doc);
        if (KubernetesModelCheck.ModelOf(group, version, kind) is { } model)
            return KubernetesModelCheck.Check(doc.Body, model).Select(e => doc.Problem(e.JsonPath, e.Message));
        // A CRD decides first: *.k8s.io groups are CRDs too (gateway.networking.k8s.io, snapshot.storage.k8s.io).
        if (set.Crds.Find(group, kind, version) is not CrdLookup.GroupUnknown) return SchemaValidator.ValidateAgainstCrd(set, doc);
        // No CRD defines it: a group the models know, or a dotless one (extensions, policy…), is Kubernetes' own.
        if (KubernetesModelCheck.KnowsGroup(group) || !group.Contains('.', StringComparison.Ordinal))
        {
            var served = KubernetesModelCheck.KindsOf(group).ToList();
            return [doc.Problem("$.apiVersion", $"{apiVersion} {kind} is not a Kubernetes API the models know ({(served.Count == 0 ? $"no version of {group} is served any more" : $"{(group.Length == 0 ? "core" : group)} serves {string.Join(", ", served.Take(12))}{(served.Count > 12 ? ", …" : "")}")}); the API server refuses it")];
        }
        return [doc.Problem("$.apiVersion", $"no CRD for {group} in the tree, the charts or the schemas cache: {kind} cannot be applied until something installs its CustomResourceDefinition")];
    }

    private static IEnumerable<SchemaProblem> Items(SchemaValidator.SchemaSet set, SchemaValidator.DocumentRef list)
    {
        if (list.Body["items"] is not JsonArray items) yield break;
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"$.items[{i}]";
            if (items[i] is not JsonObject body)
            {
                yield return list.Problem(prefix, "a List item that is not an object: the API server refuses it");
                continue;
            }
            var item = list with { Body = body };
            var problems = item.ApiVersion.Length == 0 || item.Kind.Length == 0
                ? [item.Problem("$", "a List item without apiVersion or kind: the API server refuses it")]
                : Check(set, item, item.Group, Version(item.ApiVersion), item.Kind, item.ApiVersion);
            foreach (var problem in problems) yield return problem with { JsonPath = prefix + problem.JsonPath[1..] };
        }
    }

    private static string Version(string apiVersion) =>
        apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : apiVersion;
}
