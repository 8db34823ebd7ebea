using LibGit2Sharp;
using PiCluster.Bootstrap.Secrets;
using PiCluster.Bootstrap.Steps;
using PiCluster.Cluster.Model;
using PiCluster.Cluster.Validation;
using PiCluster.Render;
using PiCluster.Render.Output;
using PiCluster.Render.Rules;

namespace PiCluster.Bootstrap.Prerequisites;

/// <summary>One numbered step the operator takes before `bootstrap cluster`; <see cref="Missing"/> says why it is not done.</summary>
public sealed record Prerequisite(int Number, string Step, string? Missing, bool CheckedLater = false)
{
    public bool Done => Missing is null && !CheckedLater;

    public override string ToString() =>
        $"{Number}. {Step}" + (Missing is not null ? $"\n   NOT DONE: {Missing}" : CheckedLater ? "\n   (checked by the run itself)" : "\n   done");
}

/// <summary>
/// What a first-time user must do before `bootstrap cluster`, in order, as the root README lists it (steps 1–7). The run
/// refuses at once — before any node is touched, exit 2 — while a placeholder of the shipped definition is unchanged (the
/// NFS address, the unpinned Flux install manifest), the tree Flux will sync differs from a fresh render of the definition
/// (the comparison `render --check` makes, in process) or is not committed, a node has no card (no host key in
/// bootstrap/known_hosts), or a Secret value nobody can generate (the alert receiver's credential) is given neither in
/// .picluster/secrets.yaml nor in its PICLUSTER_SECRET_* variable. The push and the deploy key cannot be checked from
/// here; the flux-ready step waits for them. Reads files, the environment and the local Git checkout only.
/// </summary>
public static class ClusterPrerequisites
{
    public static IReadOnlyList<Prerequisite> Of(PhaseInputs inputs)
    {
        var cluster = inputs.Cluster;
        var repositoryRoot = inputs.State.RepositoryRoot;
        var pin = cluster.Flux.InstallManifestSha256?.Trim().ToLowerInvariant();
        var input = FluxInstallInput.FullPath(repositoryRoot);
        var operatorSecrets = BootstrapSecrets.For(cluster, inputs.Time)
            .Select(s => s with { Inputs = s.Inputs.Where(i => i.Default is null && !i.Generate).ToList() })
            .Where(s => s.Inputs.Count > 0)
            .ToList();
        return
        [
            new(1, "Set Nfs.Address in cluster/HomeCluster.cs to your NFS server's LAN address and export the folders rendered/README.md lists.",
                cluster.Nfs.IsPlaceholder ? $"Nfs.Address is still the example {cluster.Nfs.Address}." : null),
            new(2, $"Fetch Flux {cluster.Flux.Version}'s install manifest: `{FluxInstallInput.FetchCommand} --sha256 <hex>` (or `--from <file>`), " +
                "then pin the SHA-256 it prints in FluxSettings.InstallManifestSha256 (cluster/HomeCluster.cs).",
                pin is null ? "FluxSettings.InstallManifestSha256 is not pinned."
                : !File.Exists(input) ? $"{FluxInstallInput.RepositoryPath} is missing."
                : FluxInstallInput.Sha256(File.ReadAllBytes(input)) != pin ? $"{FluxInstallInput.RepositoryPath} does not match the pinned SHA-256."
                : null),
            new(3, $"Render: `{RenderCommand}` (copies the manifest to {Shown(cluster, RenderedLayout.FluxComponents)}; the whole tree must match the definition).",
                Unrendered(cluster, repositoryRoot, pin)),
            new(4, "Write the cards: `dotnet run --project bootstrap -- card --all --image-dir cards` (or `card --node <name> --device /dev/sdX`), flash and boot the Pis.",
                MissingHostKeys(cluster, repositoryRoot)),
            new(5, $"Commit cluster/Flux/, {cluster.Git.Path.Trim('/')}/ and bootstrap/known_hosts, and push: Flux syncs from {(cluster.Git.Url.Length > 0 ? cluster.Git.Url : "the origin remote")}, branch {(cluster.Git.Branch.Length > 0 ? cluster.Git.Branch : "the current one")}.",
                Uncommitted(repositoryRoot, [cluster.Git.Path.Trim('/') + "/", "cluster/Flux/", "bootstrap/known_hosts"])),
            new(6, "Add the deploy key `bootstrap cluster` prints (flux-deploy-key step) to the repository, read-only (GitHub: Settings → Deploy keys); the flux-ready step waits for it and for the push.",
                null, CheckedLater: true),
            new(7, "Where alerts go: Monitoring.AlertReceiver in cluster/HomeCluster.cs, and the secret values nobody can generate — " +
                (operatorSecrets.Count == 0 ? "none in this definition" : string.Join("; ", operatorSecrets.SelectMany(s => s.Inputs.Select(i =>
                    $"{s.StoreKey} key '{i.Key}' ({s.Consumer}) under \"{s.StoreKey}\" in {Path.GetRelativePath(repositoryRoot, inputs.State.SecretsFile).Replace('\\', '/')} or in ${SecretStore.VariableName(s, i)}")))) +
                "; `bootstrap secrets` (the last phase) stops without them.",
                MissingOperatorValues(inputs, operatorSecrets)),
        ];
    }

    /// <summary>Throws (exit 2, nothing ran) with the whole numbered list while any checkable step is not done.</summary>
    public static void Require(PhaseInputs inputs)
    {
        var steps = Of(inputs);
        if (steps.All(s => s.Missing is null)) return;
        throw new BootstrapException(
            "bootstrap cluster needs these steps first (see README.md, \"Rebuild the cluster from nothing\"); no node was touched:\n" +
            string.Join("\n", steps.Select(s => s.ToString())));
    }

    private const string RenderCommand = "dotnet run --project generators render";

    private static string Shown(ClusterDefinition cluster, string renderedPath) => $"{cluster.Git.Path.Trim('/')}/{renderedPath}";

    /// <summary>
    /// Why the tree at Git.Path is not what render makes of the definition now, or null: the comparison `render --check`
    /// makes (<see cref="TreeDiff"/>), through the render library in process. A changed Nfs.Address that was never
    /// rendered is caught here.
    /// </summary>
    private static string? Unrendered(ClusterDefinition cluster, string repositoryRoot, string? pin)
    {
        var components = RenderedLayout.FileIn(repositoryRoot, cluster.Git, RenderedLayout.FluxComponents);
        if (!File.Exists(components)) return $"{Shown(cluster, RenderedLayout.FluxComponents)} is missing.";
        if (pin is not null && FluxInstallInput.Sha256(File.ReadAllBytes(components)) != pin)
            return $"{Shown(cluster, RenderedLayout.FluxComponents)} is stale (not the pinned manifest).";
        string? fluxInstall;
        try
        {
            fluxInstall = FluxInstallInput.Read(repositoryRoot, cluster.Flux);
        }
        catch (ClusterInputException)
        {
            return "cannot be checked until step 2 is done (the install manifest does not match its pin).";
        }
        IReadOnlyList<RenderedText> fresh;
        try
        {
            fresh = ClusterRenderer.Render(cluster, fluxInstall);
        }
        catch (Exception e) when (e is InvalidClusterDefinitionException or ClusterInputException)
        {
            return $"render refuses the definition: {e.Message}";
        }
        catch (BrokenClusterRulesException e)
        {
            return $"render refuses the definition: {e.Errors.Count} cluster rule error(s), first: {e.Errors[0]}";
        }
        var stale = TreeDiff.ChangedPaths(TreeWriter.Read(RenderedLayout.TreeIn(repositoryRoot, cluster.Git)), fresh);
        return stale.Count == 0 ? null
            : $"{cluster.Git.Path.Trim('/')}/ differs from a fresh render of the definition in {string.Join(", ", stale.Take(5))}{(stale.Count > 5 ? $" and {stale.Count - 5} more" : "")} " +
              $"(`dotnet run --project generators -- render --check` shows how); run `{RenderCommand}` and commit.";
    }

    /// <summary>The operator values neither .picluster/secrets.yaml nor the environment gives, or null; a broken store file is named.</summary>
    private static string? MissingOperatorValues(PhaseInputs inputs, IReadOnlyList<ClusterSecret> secrets)
    {
        try
        {
            var missing = new SecretStore(inputs.State.SecretsFile, inputs.Environment).MissingOperatorValues(secrets);
            return missing.Count == 0 ? null : string.Join("\n   NOT DONE: ", missing);
        }
        catch (BootstrapException e)
        {
            return e.Message;
        }
    }

    /// <summary>The nodes bootstrap/known_hosts has no host key for (written by `bootstrap card`), or null.</summary>
    private static string? MissingHostKeys(ClusterDefinition cluster, string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, "bootstrap", "known_hosts");
        var names = File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).SelectMany(l => l.Split(' ')[0].Split(',')).ToHashSet(StringComparer.Ordinal)
            : [];
        var missing = cluster.Nodes.Where(n => !names.Contains(n.Name)).Select(n => n.Name).ToList();
        return missing.Count == 0 ? null : $"bootstrap/known_hosts has no host key for {string.Join(", ", missing)} (no card written for them yet).";
    }

    /// <summary>Why the checkout has uncommitted changes under the given folders, or null (also when it is no Git checkout).</summary>
    private static string? Uncommitted(string repositoryRoot, IReadOnlyList<string> folders)
    {
        var found = Repository.Discover(repositoryRoot);
        if (found is null) return null;
        using var repo = new Repository(found);
        var root = repo.Info.WorkingDirectory;
        var prefix = Path.GetRelativePath(root, repositoryRoot).Replace('\\', '/');
        prefix = prefix == "." ? "" : prefix.TrimEnd('/') + "/";
        var changed = repo.RetrieveStatus(new StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = true })
            .Where(e => e.State != FileStatus.Ignored && e.State != FileStatus.Unaltered)
            .Select(e => e.FilePath.Replace('\\', '/'))
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && folders.Any(f => p[prefix.Length..].StartsWith(f, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return changed.Count == 0 ? null : $"not committed: {string.Join(", ", changed.Take(5))}{(changed.Count > 5 ? $" and {changed.Count - 5} more" : "")}.";
    }
}
