using System.Text;
using LibGit2Sharp;

namespace PiCluster.Render.Diff;

/// <summary>The rendered tree as committed at a git revision, read from the object database (no checkout, working tree untouched).</summary>
public sealed record BaseTree(string Label, IReadOnlyDictionary<string, string> Files);

/// <summary>Bad input for the base: an unknown revision, no default branch, not a repository.</summary>
public sealed class BaseTreeException(string message) : Exception(message);

public static class GitBaseTree
{
    /// <param name="repositoryDir">Any folder inside the checkout.</param>
    /// <param name="revision">A revision git understands (HEAD, main, origin/main, HEAD^1, a hash), or null for the merge base of HEAD with the default branch.</param>
    /// <param name="renderedPath">The rendered folder inside the repository (the model's Git.Path).</param>
    /// <param name="defaultBranch">The branch Flux follows (the model's Git.Branch), used when origin/HEAD is not set.</param>
    public static BaseTree Read(string repositoryDir, string? revision, string renderedPath, string defaultBranch)
    {
        var gitDir = Repository.Discover(repositoryDir)
            ?? throw new BaseTreeException($"{repositoryDir} is not inside a git repository; diff compares against a commit.");
        using var repo = new Repository(gitDir);
        var (commit, label) = revision is null ? MergeBase(repo, defaultBranch) : Resolve(repo, revision);
        var folder = renderedPath.Replace('\\', '/').Trim('/');
        if (folder is "." or "./") folder = "";
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // A commit before the first render has no folder: everything is then added, which is what happened.
        var tree = folder.Length == 0 ? commit.Tree : commit[folder]?.Target as Tree;
        if (tree is not null) Collect(tree, "", files);
        return new BaseTree($"{(folder.Length == 0 ? "the repository root" : folder + "/")} at {label} ({commit.Sha[..7]})", files);
    }

    private static (Commit, string) Resolve(Repository repo, string revision)
    {
        try
        {
            return repo.Lookup(revision)?.Peel<Commit>() is { } commit
                ? (commit, revision)
                : throw new BaseTreeException($"--base {revision}: no such commit in {repo.Info.WorkingDirectory ?? repo.Info.Path}");
        }
        catch (LibGit2SharpException e)
        {
            throw new BaseTreeException($"--base {revision}: {e.Message}");
        }
    }

    /// <summary>Where this branch left the default branch, so changes that landed there meanwhile are not shown as reverted.</summary>
    private static (Commit, string) MergeBase(Repository repo, string defaultBranch)
    {
        var candidates = new[]
        {
            (repo.Refs["refs/remotes/origin/HEAD"] as SymbolicReference)?.TargetIdentifier,
            $"refs/remotes/origin/{defaultBranch}",
            $"refs/heads/{defaultBranch}",
        };
        var branch = candidates.OfType<string>().FirstOrDefault(name => repo.Refs[name] is not null)
            ?? throw new BaseTreeException($"no default branch found (looked for origin/HEAD, origin/{defaultBranch}, {defaultBranch}); pass --base REF");
        var tip = repo.Refs[branch]!.ResolveToDirectReference().Target.Peel<Commit>();
        var head = repo.Head.Tip ?? throw new BaseTreeException("HEAD has no commit yet; pass --base REF");
        var name = branch.Replace("refs/remotes/", "", StringComparison.Ordinal).Replace("refs/heads/", "", StringComparison.Ordinal);
        var mergeBase = repo.ObjectDatabase.FindMergeBase(head, tip)
            ?? throw new BaseTreeException($"HEAD and {name} share no history (a shallow clone? fetch with full depth); pass --base REF");
        return (mergeBase, $"merge base with {name}");
    }

    private static void Collect(Tree tree, string prefix, SortedDictionary<string, string> files)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.Target)
            {
                case Tree sub:
                    Collect(sub, path + "/", files);
                    break;
                // Raw blob content, as committed: checkout filters (autocrlf) would make every file differ from a fresh render.
                case Blob blob:
                    files[path] = blob.GetContentText(new UTF8Encoding(false));
                    break;
            }
        }
    }
}
