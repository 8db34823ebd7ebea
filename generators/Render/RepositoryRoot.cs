namespace PiCluster.Render;

/// <summary>Finds the checkout (the folder holding PiCluster.sln) so the render and bootstrap tools work from any sub-folder.</summary>
public static class RepositoryRoot
{
    public const string Marker = "PiCluster.sln";

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds PiCluster.sln, or null.</summary>
    public static string? FindFrom(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        }
        return null;
    }

    public static string Find() =>
        FindFrom(Directory.GetCurrentDirectory())
        ?? FindFrom(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException($"{Marker} not found above the current folder; run from inside the repository or pass --out.");

    public static string RenderedDir => Path.Combine(Find(), "rendered");
}
