using LibGit2Sharp;

namespace PiCluster.Bootstrap.Flux;

/// <summary>The operator's checkout, read through LibGit2Sharp (bootstrap commits nothing: render writes rendered/).</summary>
public static class GitWorkingCopy
{
    /// <summary>The origin remote's URL and the checked-out branch; null where there is none.</summary>
    public static (string? OriginUrl, string? Branch) OriginAndBranch(string path)
    {
        using var repo = Open(path);
        var origin = repo.Network.Remotes["origin"]?.Url;
        var branch = repo.Info.IsHeadDetached ? null : repo.Head.FriendlyName;
        return (origin, branch);
    }

    private static Repository Open(string path)
    {
        var found = Repository.Discover(path) ?? throw new BootstrapException($"{path} is not inside a Git checkout.");
        return new Repository(found);
    }
}
