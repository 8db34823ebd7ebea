using PiCluster.Render;

namespace PiCluster.IntegrationTests.Apps;

/// <summary>Every folder Flux applies builds with the real kubectl kustomize, as Flux's kustomize-controller will.</summary>
public class RenderedTreeKustomizeTests
{
    [Fact]
    public void Every_flux_path_builds_with_kubectl_kustomize()
    {
        foreach (var path in RenderedLayout.FluxPaths)
        {
            var (code, output) = Shell.Run("kubectl", ["kustomize", Path.Combine(TestPaths.Rendered, path)]);
            Assert.True(code == 0, $"kubectl kustomize rendered/{path}:\n{output}");
            Assert.Contains("kind:", output);
        }
    }
}
