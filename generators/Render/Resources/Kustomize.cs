// kustomize's own config file (kustomize.config.k8s.io/v1beta1), not the Flux Kustomization.
namespace PiCluster.Render.Resources;

public sealed record KustomizeConfig(IReadOnlyList<string> Resources)
{
    public const string Group = "kustomize.config.k8s.io";
    public const string KindName = "Kustomization";

    public string ApiVersion => Group + "/v1beta1";
    public string Kind => KindName;
}
