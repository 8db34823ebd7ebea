using PiCluster.Bootstrap.Run;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;

namespace PiCluster.IntegrationTests.Day2;

/// <summary>
/// A test cluster brought up by the nodes and kubeadm phases on FAKE binaries, with a FAKE Alpine mirror of two branches
/// (v3.24 community: Kubernetes 1.36.3-r0, v3.25 community: 1.37.2-r0), for the day-2 commands to work on.
/// </summary>
public static class Day2Cluster
{
    public static async Task<TestCluster> UpAsync(int nodeCount = 6)
    {
        var cluster = await TestCluster.StartAsync(nodeCount);
        Offer(cluster, "v3.24", "1.36.3-r0");
        Offer(cluster, "v3.25", "1.37.2-r0");
        Offer(cluster, "v3.26", "1.38.1-r0");
        var report = await cluster.RunAsync([BootstrapPhases.Nodes, BootstrapPhases.Kubeadm]);
        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        return cluster;
    }

    /// <summary>What the FAKE mirror's branch offers: its community repository carries one Kubernetes version.</summary>
    public static void Offer(TestCluster cluster, string branch, string version)
    {
        var folder = Path.Combine(cluster.Fixture.ClusterState, "apk", branch);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main"), "");
        File.WriteAllText(Path.Combine(folder, "community"), $"kubeadm {version}\nkubelet {version}\nkubectl {version}\ncontainerd 2.1.4-r0\n");
    }

    /// <summary>A pod on a node of the FAKE API (see Fakes/fake-kubectl-day2.sh): "owner=Deployment", "pdb", ….</summary>
    public static void Pod(TestCluster cluster, string node, string ns, string name, string words)
    {
        var folder = Path.Combine(cluster.Fixture.ClusterState, "pods", node);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{ns}_{name}"), words);
    }

    public static PhaseInputs Inputs(TestCluster cluster, ClusterDefinition definition) => cluster.Inputs with { Cluster = definition };

    public static BootstrapRunner Runner(TestCluster cluster, PhaseInputs inputs) =>
        new(inputs, cluster.Fixture.TransportOptions(), n => cluster.Fixture.Endpoint(n.Name));

    public static ClusterDefinition WithVersion(TestCluster cluster, string version, string? packageBranch = null) =>
        cluster.Definition with { Kubernetes = cluster.Definition.Kubernetes with { Version = version, PackageBranch = packageBranch } };

    /// <summary>The cluster-wide order of what the fakes did ("&lt;node&gt; &lt;what&gt;" lines).</summary>
    public static IReadOnlyList<string> Events(TestCluster cluster)
    {
        var path = Path.Combine(cluster.Fixture.ClusterState, "events.log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }
}

/// <summary>What a joined kubelet holds: its client certificate and key in one PEM file (the kubelet writes it on TLS bootstrap and rotation).</summary>
public static class KubeletClientCertificate
{
    public static void Write(TestNode node, DateTimeOffset notAfter)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest($"CN=system:node:{node.Name}, O=system:nodes", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(notAfter.AddDays(-365), notAfter);
        var path = node.RootPath(PiCluster.Bootstrap.Status.StatusPhase.KubeletClientCertificate);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportECPrivateKeyPem() + "\n");
    }
}
