namespace PiCluster.TestSupport;

/// <summary>
/// The FAKE kubectl object store for tests that need only objects (flux, secrets, reset, etcd restore): applied objects
/// as files under $FAKE_CLUSTER/kube/objects; its behaviour and upstream sources are in Fakes/fake-kubectl-objects.sh.
/// </summary>
public static class FakeKubectl
{
    /// <summary>Installs the object store (Fakes/fake-kubectl-objects.sh) as <c>kubectl</c> in <paramref name="folder"/>.</summary>
    public static string Install(string folder) => FakeScripts.Install(folder, FakeScripts.KubectlObjects, "kubectl");

    /// <summary>The stored object file for kind/namespace/name on the fake cluster, or null.</summary>
    public static string? Object(string clusterState, string kind, string? ns, string name)
    {
        var path = Path.Combine(clusterState, "kube", "objects", kind, ns ?? "_", name);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
