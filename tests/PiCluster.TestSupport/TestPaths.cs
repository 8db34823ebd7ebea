namespace PiCluster.TestSupport;

/// <summary>Paths of the checkout the tests run from, and scratch folders that clean up after themselves.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Rendered => Path.Combine(RepoRoot, "rendered");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PiCluster.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("PiCluster.sln not found above " + AppContext.BaseDirectory);
    }
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
