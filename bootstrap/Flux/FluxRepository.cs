using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Flux;

/// <summary>The repository Flux syncs from, as bootstrap uses it: URL, branch, and the SSH host to trust.</summary>
/// <param name="Notes">What was filled in from the working copy, for the operator.</param>
public sealed record FluxRepository(string Url, string Branch, string Host, int Port, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The model's <see cref="GitSource"/>; an empty URL or branch is read from the checkout (origin remote, current
    /// branch). Flux's SSH transport needs ssh:// URLs, so scp-like "git@host:owner/repo" is rewritten and said so.
    /// </summary>
    public static FluxRepository Resolve(GitSource git, string checkout)
    {
        var notes = new List<string>();
        var url = git.Url;
        var branch = git.Branch;
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(branch))
        {
            var (origin, current) = GitWorkingCopy.OriginAndBranch(checkout);
            if (string.IsNullOrWhiteSpace(url))
            {
                url = origin ?? throw new BootstrapException("GitSource.Url is empty and the checkout has no origin remote; set the URL in cluster/HomeCluster.cs.");
                notes.Add($"GitSource.Url is empty: using the checkout's origin remote {url}.");
            }
            if (string.IsNullOrWhiteSpace(branch))
            {
                branch = current ?? throw new BootstrapException("GitSource.Branch is empty and HEAD is detached; set the branch in cluster/HomeCluster.cs.");
                notes.Add($"GitSource.Branch is empty: using the checked-out branch {branch}.");
            }
        }

        if (!url.Contains("://", StringComparison.Ordinal) && url.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && !url[..colon].Contains('/', StringComparison.Ordinal))
        {
            var rewritten = $"ssh://{url[..colon]}/{url[(colon + 1)..].TrimStart('/')}";
            notes.Add($"{url} is scp-like; Flux needs {rewritten}.");
            url = rewritten;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "ssh" || uri.Host.Length == 0)
            throw new BootstrapException($"Flux repository URL '{url}' is not an ssh:// URL; bootstrap flux sets up an SSH deploy key, so it needs ssh://git@host/owner/repo.git.");
        return new FluxRepository(url, branch, uri.Host, uri.Port > 0 ? uri.Port : 22, notes);
    }

    /// <summary>Where the operator adds the deploy key (GitHub/GitLab pages when recognisable).</summary>
    public string DeployKeyPage()
    {
        var path = new Uri(Url).AbsolutePath.Trim('/');
        if (path.EndsWith(".git", StringComparison.Ordinal)) path = path[..^4];
        return Host switch
        {
            "github.com" => $"https://github.com/{path}/settings/keys (Add deploy key; read-only is enough)",
            "gitlab.com" => $"https://gitlab.com/{path}/-/settings/repository (Deploy keys)",
            _ => $"the deploy keys of {path} on {Host}",
        };
    }
}
