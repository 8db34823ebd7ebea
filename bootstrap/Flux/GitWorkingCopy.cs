using LibGit2Sharp;

namespace PiCluster.Bootstrap.Flux;

/// <summary>What a commit of bootstrap-owned files did.</summary>
/// <param name="Sha">The new commit, or null when every file already matched HEAD.</param>
public sealed record GitCommitOutcome(string? Sha, string Branch, IReadOnlyList<string> ChangedPaths);

/// <summary>
/// The operator's checkout, through LibGit2Sharp. Commits exactly the files it is given, the way `flux bootstrap` commits
/// its manifests: the new tree is HEAD's tree plus those blobs, so whatever else is staged or modified stays out of the
/// commit and stays as it was.
/// </summary>
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

    /// <summary>The given files whose text differs from HEAD's (or that HEAD lacks); nothing is written.</summary>
    public static IReadOnlyList<string> ChangedFromHead(string path, IReadOnlyList<(string Path, string Text)> files)
    {
        using var repo = Open(path);
        var tip = repo.Head.Tip;
        return files.Where(f => tip?[f.Path]?.Target is not Blob blob || blob.GetContentText() != f.Text).Select(f => f.Path).ToList();
    }

    /// <summary>
    /// Writes each file (repository-relative '/' path → text) to the working tree and commits those that differ from HEAD
    /// on the current branch. No change → no commit.
    /// </summary>
    public static GitCommitOutcome CommitFiles(string path, IReadOnlyList<(string Path, string Text)> files, string message)
    {
        using var repo = Open(path);
        if (repo.Info.IsBare) throw new BootstrapException($"{repo.Info.Path} is a bare repository; run bootstrap from a checkout.");
        if (repo.Info.IsHeadDetached) throw new BootstrapException("HEAD is detached; check out the branch Flux syncs from before bootstrap commits to it.");
        var branch = repo.Head.FriendlyName;
        var tip = repo.Head.Tip;
        var workdir = repo.Info.WorkingDirectory;

        var tree = tip is null ? new TreeDefinition() : TreeDefinition.From(tip.Tree);
        var changed = new List<string>();
        foreach (var (file, text) in files)
        {
            var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
            var full = Path.Combine(workdir, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (!File.Exists(full) || !File.ReadAllBytes(full).AsSpan().SequenceEqual(bytes)) File.WriteAllBytes(full, bytes);

            using var stream = new MemoryStream(bytes);
            var blob = repo.ObjectDatabase.CreateBlob(stream);
            if (tip?[file]?.Target.Id == blob.Id) continue;
            tree.Add(file, blob, Mode.NonExecutableFile);
            changed.Add(file);
        }

        string? sha = null;
        if (changed.Count > 0)
        {
            var now = DateTimeOffset.Now;
            var signature = repo.Config.BuildSignature(now) ?? new Signature("PiCluster bootstrap", "bootstrap@picluster.invalid", now);
            var commit = repo.ObjectDatabase.CreateCommit(
                signature, signature, message, repo.ObjectDatabase.CreateTree(tree), tip is null ? [] : [tip], prettifyMessage: true);
            var reference = repo.Refs.Head.ResolveToDirectReference();
            if (reference is null)
                repo.Refs.Add(repo.Refs.Head.TargetIdentifier, commit.Id, $"bootstrap: {message}");
            else
                repo.Refs.UpdateTarget(reference, commit.Id, $"bootstrap: {message}");
            sha = commit.Sha;
        }

        // Only these paths change in the index; other staged work stays staged.
        foreach (var (file, _) in files) repo.Index.Add(file);
        repo.Index.Write();
        return new GitCommitOutcome(sha, branch, changed);
    }

    private static Repository Open(string path)
    {
        var found = Repository.Discover(path) ?? throw new BootstrapException($"{path} is not inside a Git checkout.");
        return new Repository(found);
    }
}
