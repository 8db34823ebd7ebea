using System.Text.Json.Nodes;
using PiCluster.Render.Rules;

namespace PiCluster.Render.Validation;

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
        var version = o.ApiVersion.Contains('/', StringComparison.Ordinal) ? o.ApiVersion[(o.ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : o.ApiVersion;
        if (o.ApiVersion.Length == 0 || o.Kind.Length == 0)
            return [doc.Problem("$", "a document without apiVersion or kind: the API server refuses it")];
        if (KubernetesModelCheck.ModelOf(o.Group, version, o.Kind) is { } model)
            return KubernetesModelCheck.Check(o.Body, model).Select(e => doc.Problem(e.JsonPath, e.Message));
        // A CRD's group must contain a dot; dotless groups and *.k8s.io are Kubernetes' own (extensions, policy…).
        if (KubernetesModelCheck.KnowsGroup(o.Group) || !o.Group.Contains('.', StringComparison.Ordinal) || o.Group.EndsWith(".k8s.io", StringComparison.Ordinal))
        {
            var served = KubernetesModelCheck.KindsOf(o.Group).ToList();
            return [doc.Problem("$.apiVersion", $"{o.ApiVersion} {o.Kind} is not a Kubernetes API the models know ({(served.Count == 0 ? $"no version of {o.Group} is served any more" : $"{(o.Group.Length == 0 ? "core" : o.Group)} serves {string.Join(", ", served.Take(12))}{(served.Count > 12 ? ", …" : "")}")}); the API server refuses it")];
        }
        var crd = SchemaValidator.ValidateAgainstCrd(set, doc).ToList();
        if (crd.Count > 0 || set.Crds.Find(o.Group, o.Kind, version) is not CrdLookup.GroupUnknown) return crd;
        return [doc.Problem("$.apiVersion", $"no CRD for {o.Group} in the tree, the charts or the schemas cache: {o.Kind} cannot be applied until something installs its CustomResourceDefinition")];
    }
}
