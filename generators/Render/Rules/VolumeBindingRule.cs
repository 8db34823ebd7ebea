using k8s.Models;

namespace PiCluster.Render.Rules;

/// <summary>
/// PI1005: a claim pinned to a volume by volumeName binds only if the volume is reserved for it (claimRef), is at least
/// as large, offers every access mode the claim asks for and has the same storage class; otherwise it stays Pending.
/// </summary>
internal static class VolumeBindingRule
{
    public static IEnumerable<RuleFinding> Check(RuleContext c)
    {
        var volumes = c.Tree.OfKind("PersistentVolume").Where(v => v.Group == "").GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var claims = c.Tree.OfKind("PersistentVolumeClaim").Where(v => v.Group == "").ToList();
        foreach (var claim in claims)
        {
            var spec = claim.Body["spec"];
            if (Json.Str(spec?["volumeName"]) is not { Length: > 0 } volumeName) continue;
            if (!volumes.TryGetValue(volumeName, out var volume))
            {
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.volumeName", $"binds to PersistentVolume {volumeName}, which is not in the tree; the claim stays Pending. Fix: render the volume or correct the name.");
                continue;
            }
            var pv = volume.Body["spec"];
            var refNs = Json.Str(pv?["claimRef"]?["namespace"]);
            var refName = Json.Str(pv?["claimRef"]?["name"]);
            if (refName is not null && (refName != claim.Name || (refNs ?? "") != claim.Namespace))
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.volumeName",
                    $"binds to PersistentVolume {volumeName}, whose claimRef reserves it for {refNs}/{refName}; the claim stays Pending. Fix: make claimRef and volumeName name each other.");
            var wanted = Json.Str(spec?["resources"]?["requests"]?["storage"]);
            var offered = Json.Str(pv?["capacity"]?["storage"]);
            if (Bytes(wanted) is { } w && Bytes(offered) is { } o && w > o)
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.resources.requests.storage",
                    $"asks for {wanted}, but PersistentVolume {volumeName} offers {offered}. Fix: request at most the volume's capacity.");
            var modes = Json.Arr(pv?["accessModes"]).Select(Json.Str).ToHashSet();
            foreach (var mode in Json.Arr(spec?["accessModes"]).Select(Json.Str).Where(m => m is not null && !modes.Contains(m)))
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.accessModes",
                    $"asks for {mode}, which PersistentVolume {volumeName} does not offer ({string.Join(", ", modes)}).");
            var claimClass = Json.Str(spec?["storageClassName"]);
            var volumeClass = Json.Str(pv?["storageClassName"]) ?? "";
            if (claimClass is not null && claimClass != volumeClass)
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, claim, "spec.storageClassName",
                    $"is \"{claimClass}\", but PersistentVolume {volumeName} has \"{volumeClass}\"; they never bind.");
        }

        foreach (var volume in volumes.Values)
        {
            var refName = Json.Str(volume.Body["spec"]?["claimRef"]?["name"]);
            var refNs = Json.Str(volume.Body["spec"]?["claimRef"]?["namespace"]);
            var claim = claims.FirstOrDefault(c => c.Name == refName && c.Namespace == refNs);
            if (claim is not null && Json.Str(claim.Body["spec"]?["volumeName"]) is { Length: > 0 } other && other != volume.Name)
                yield return RuleFinding.Error(TreeRuleIds.VolumeBinding, volume, "spec.claimRef",
                    $"reserves the volume for {refNs}/{refName}, which binds to PersistentVolume {other} instead. Fix: make claimRef and volumeName name each other.");
        }
    }

    private static decimal? Bytes(string? quantity)
    {
        if (quantity is null) return null;
        try
        {
            return new ResourceQuantity(quantity).ToDecimal();
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
