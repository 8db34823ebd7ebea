namespace PiCluster.Render.Commands;

/// <summary>Finds the checkout (the folder holding PiCluster.sln) so commands work from any sub-folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PiCluster.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("PiCluster.sln not found above the current folder; run from inside the repository or pass --out.");
    }

    public static string RenderedDir => Path.Combine(Find(), "rendered");
}
