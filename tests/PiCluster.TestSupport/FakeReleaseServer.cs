namespace PiCluster.TestSupport;

/// <summary>Serves files at fixed paths on 127.0.0.1 (a stand-in for GitHub's release assets) and counts requests.</summary>
public sealed class FakeReleaseServer : IDisposable
{
    /// <summary>
    /// A fake Flux install.yaml: the real one cannot be downloaded here; only its shape matters to the tests — the
    /// namespace, and the Kustomization CRD (its API group is how bootstrap tells that Flux is installed).
    /// </summary>
    public const string FakeFluxInstallYaml =
        "---\n# Flux Version: v2.9.4 (fake for tests)\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n" +
        "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: kustomizations.kustomize.toolkit.fluxcd.io\n" +
        "spec:\n  group: kustomize.toolkit.fluxcd.io\n  names:\n    kind: Kustomization\n    plural: kustomizations\n  scope: Namespaced\n";

    private readonly LoopbackHttpServer _server;

    public FakeReleaseServer(Dictionary<string, byte[]> files)
    {
        _server = new LoopbackHttpServer(path => files.GetValueOrDefault(path));
        BaseUri = new Uri(_server.BaseUri, "releases/");
    }

    public Uri BaseUri { get; }

    public int Requests => _server.Paths.Count;

    public void Dispose() => _server.Dispose();
}
