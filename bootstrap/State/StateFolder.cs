namespace PiCluster.Bootstrap.State;

/// <summary>
/// The local, git-ignored state folder (<c>.picluster/</c> at the repository root) and the committed files next to it.
/// Every path bootstrap keeps between runs is named here, so nothing else guesses where state lives.
/// </summary>
public sealed class StateFolder
{
    public const string FolderName = ".picluster";

    public StateFolder(string repositoryRoot)
    {
        RepositoryRoot = Path.GetFullPath(repositoryRoot);
        Root = Path.Combine(RepositoryRoot, FolderName);
    }

    /// <summary>The checkout that holds PiCluster.sln.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The <c>.picluster/</c> folder itself.</summary>
    public string Root { get; }

    /// <summary>Downloaded Alpine release files, kept with their published checksum files.</summary>
    public string AlpineCache => Path.Combine(Root, "cache", "alpine");

    /// <summary>Downloaded Flux install manifests, one folder per release: <c>cache/flux/&lt;version&gt;/install.yaml</c>.</summary>
    public string FluxCache(string version) => Path.Combine(Root, "cache", "flux", version);

    /// <summary>Flux's deploy key (ed25519, OpenSSH format) and its .pub; the public half is added to the Git host.</summary>
    public string FluxDeployKey => Path.Combine(Root, "flux", "deploy-key");

    /// <summary>Secret values for the cluster's Secrets (operator-given or generated); never committed.</summary>
    public string SecretsFile => Path.Combine(Root, "secrets.yaml");

    /// <summary>Private material for one node (SSH host keys); never committed.</summary>
    public string NodeFolder(string node) => Path.Combine(Root, "nodes", node);

    /// <summary>Per-node SSH logs of bootstrap runs, <c>logs/&lt;node&gt;.log</c>.</summary>
    public string LogFolder => Path.Combine(Root, "logs");

    /// <summary>The cluster's admin kubeconfig as fetched from the control plane (private: client key).</summary>
    public string AdminKubeconfig => Path.Combine(Root, "kubeconfig", "admin.conf");

    /// <summary>Committed public host keys of every node, so the first SSH connection is verified.</summary>
    public string KnownHostsFile => Path.Combine(RepositoryRoot, "bootstrap", "known_hosts");

    /// <summary>Creates a folder under the state root readable only by the current user (it holds private keys).</summary>
    public string EnsurePrivateFolder(string path)
    {
        Directory.CreateDirectory(Root);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var info = Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            info.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }
        return path;
    }
}
