using PiCluster.Cluster;
using PiCluster.Render;

namespace PiCluster.TestSupport;

/// <summary>Paths of the checkout the tests run from, and scratch folders that clean up after themselves.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = RepositoryRoot.FindFrom(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException($"{RepositoryRoot.Marker} not found above {AppContext.BaseDirectory}");

    /// <summary>This repository with the home cluster's tree at its Git.Path.</summary>
    public static Checkout Checkout { get; } = new(RepoRoot, HomeCluster.Definition.Git);

    public static string Rendered => Checkout.Tree;

}

public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "picluster-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
