namespace PiCluster.Render;

/// <summary>The one finder of the checkout's root (the folder holding PiCluster.sln), so the tools work from any sub-folder.</summary>
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
}
