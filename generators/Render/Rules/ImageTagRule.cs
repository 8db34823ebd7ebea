using PiCluster.Render.Resources;
namespace PiCluster.Render.Rules;

/// <summary>
/// PI1009 (warning): an image with neither tag nor digest, or tagged :latest, changes under the cluster without a
/// commit; a rebuild would not get what ran before. Checks pod templates and explicit "latest" tags in chart values.
/// </summary>
internal static class ImageTagRule
{
    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        foreach (var template in c.PodTemplates)
        {
            foreach (var (container, path) in template.Containers)
            {
                if (Json.Str(container["image"]) is not { } image) continue;
                if (Problem(image) is { } problem)
                    yield return RuleFinding.Warning(TreeRuleIds.ImageTag, template.Owner, path + ".image", $"{image} {problem}. Fix: pin a version tag (and a digest) in the model's Image.");
            }
        }
        foreach (var release in c.Tree.OfKind(HelmRelease.KindName).Where(h => h.Group == RuleContext.HelmGroup))
        {
            foreach (var (node, path) in Json.Walk(release.Body["spec"]?["values"], "spec.values"))
            {
                if (Json.Str(node["tag"]) == "latest")
                    yield return RuleFinding.Warning(TreeRuleIds.ImageTag, release, path + ".tag", "sets image tag latest. Fix: pin a version tag, or leave the chart's default.");
            }
        }
    }

    /// <summary>"has no tag", "is :latest", or null when pinned. A digest pins it whatever the tag.</summary>
    public static string? Problem(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal)) return null;
        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        if (colon < 0) return "has no tag (the registry serves :latest)";
        return name[(colon + 1)..] == "latest" ? "is tagged :latest" : null;
    }
}
