// kustomize's own config file (kustomize.config.k8s.io/v1beta1), not the Flux Kustomization.
namespace PiCluster.Render.Resources;

public sealed record KustomizeConfig(IReadOnlyList<string> Resources)
{
    public string ApiVersion => "kustomize.config.k8s.io/v1beta1";
    public string Kind => "Kustomization";
}
