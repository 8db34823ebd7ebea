using PiCluster.Bootstrap.Steps;
using System.Text;
using k8s.Models;
using PiCluster.Bootstrap.Remote;
using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Tools;
using PiCluster.Cluster.Model;
using PiCluster.Render;
using PiCluster.Render.Components;
using PiCluster.Render.Yaml;

namespace PiCluster.Bootstrap.Flux;

/// <summary>
/// The pieces of bootstrap flux, the way `flux bootstrap git` does it without the CLI: apply the pinned install
/// manifest render put into rendered/ on the control plane, wait for the controllers, create the flux-system Secret (deploy key + the
/// Git host's known_hosts), apply the sync objects and wait for the root Kustomization. <see cref="FluxPhase"/> runs
/// them as checked steps, so a rerun reuses the deploy key and leaves the cluster unchanged.
/// </summary>
public sealed class FluxInstaller(ClusterDefinition cluster, StateFolder state, TextWriter log)
{
    public const string SecretName = FluxSync.SourceName;

    /// <summary>Applies the install manifest server-side (its CRDs are too big for client-side apply) and waits for the controllers.</summary>
    public static async Task ApplyComponentsAsync(RemoteKubectl kubectl, FluxManifest manifest, CancellationToken cancellationToken)
    {
        await kubectl.ApplyAsync(manifest.Text, $"Flux {manifest.Version} install manifest", sensitive: false, cancellationToken, serverSide: true);
        await kubectl.WaitAsync(CrdsEstablished, TimeSpan.FromMinutes(2), "Flux CRDs established", cancellationToken);
        await kubectl.WaitAsync(ControllersAvailable, TimeSpan.FromMinutes(10), "Flux controllers available", cancellationToken);
    }

    public static readonly IReadOnlyList<string> CrdsEstablished = ["--for=condition=Established", "crd", "-l", "app.kubernetes.io/part-of=flux"];

    public static readonly IReadOnlyList<string> ControllersAvailable = ["-n", FluxSync.Namespace, "--for=condition=Available", "deployment", "--all"];

    public static readonly IReadOnlyList<string> RootReady = ["-n", FluxSync.Namespace, "--for=condition=Ready", RootKustomization];

    /// <summary>The flux-system Secret as YAML (deploy key + the Git host's known_hosts); creates the key on first use.</summary>
    public async Task<string> DeployKeySecretYamlAsync(FluxRepository repository, CancellationToken cancellationToken)
    {
        var key = await EnsureDeployKeyAsync(cancellationToken);
        var knownHosts = await KnownHostsAsync(repository, cancellationToken);
        return RemoteKubectl.Yaml([DeployKeySecret(key.PrivateKey, key.PublicKey, knownHosts)]);
    }

    public void PrintDeployKey(FluxRepository repository)
    {
        log.WriteLine($"Flux deploy key {state.FluxDeployKey}.pub — add it (read-only) at {repository.DeployKeyPage()}:");
        log.WriteLine(File.ReadAllText(state.FluxDeployKey + ".pub").TrimEnd('\n'));
    }

    /// <summary>Probe for the root Kustomization: exit 0 when Ready now.</summary>
    public static Task<bool> RootReadyAsync(RemoteKubectl kubectl, CancellationToken cancellationToken) =>
        kubectl.ConditionAsync(RootReady, cancellationToken);

    public const string RootKustomization = $"kustomization.kustomize.toolkit.fluxcd.io/{FluxSync.SourceName}";

    public static async Task WaitRootReadyAsync(RemoteKubectl kubectl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await kubectl.WaitAsync(RootReady, timeout,
            $"root Kustomization {FluxSync.Namespace}/{FluxSync.SourceName} Ready (is the deploy key added and the commit pushed?)", cancellationToken);
    }

    public void ReportReady(FluxRepository repository) =>
        log.WriteLine($"Flux is syncing {repository.Url} ({repository.Branch}): Kustomization {FluxSync.Namespace}/{FluxSync.SourceName} is Ready.");

    /// <summary>The ed25519 deploy key in the state folder, created on first use (ssh-keygen, as for node host keys).</summary>
    public async Task<(string PrivateKey, string PublicKey)> EnsureDeployKeyAsync(CancellationToken cancellationToken)
    {
        var path = state.FluxDeployKey;
        if (!File.Exists(path) || !File.Exists(path + ".pub"))
        {
            state.EnsurePrivateFolder(Path.GetDirectoryName(path)!);
            File.Delete(path);
            File.Delete(path + ".pub");
            await ExternalTool.SshKeygen.RunAsync(["-q", "-t", "ed25519", "-N", "", "-C", $"flux@{cluster.Name}", "-f", path], cancellationToken);
            log.WriteLine($"Generated Flux deploy key {path}.");
        }
        return (await File.ReadAllTextAsync(path, cancellationToken), await File.ReadAllTextAsync(path + ".pub", cancellationToken));
    }

    /// <summary>The Git host's keys as known_hosts lines, sorted so reruns produce the same Secret.</summary>
    public static async Task<string> KnownHostsAsync(FluxRepository repository, CancellationToken cancellationToken)
    {
        var output = await ExternalTool.SshKeyscan.RunAsync(["-T", "10", "-p", repository.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "ed25519,ecdsa,rsa", repository.Host], cancellationToken);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#')).Order(StringComparer.Ordinal).ToList();
        if (lines.Count == 0) throw new StepFailedException($"ssh-keyscan got no host key from {repository.Host}:{repository.Port}; is the Git host reachable over SSH?");
        return string.Join('\n', lines) + "\n";
    }

    public static V1Secret DeployKeySecret(string privateKey, string publicKey, string knownHosts) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = SecretName, NamespaceProperty = FluxSync.Namespace },
        Type = "Opaque",
        Data = new Dictionary<string, byte[]>
        {
            ["identity"] = Encoding.UTF8.GetBytes(privateKey),
            ["identity.pub"] = Encoding.UTF8.GetBytes(publicKey),
            ["known_hosts"] = Encoding.UTF8.GetBytes(knownHosts),
        },
    };

    /// <summary>
    /// rendered/flux-system/gotk-sync.yaml as committed; when the model left URL or branch empty, the same file rendered
    /// with the values read from the checkout (render them into the model to make Git agree).
    /// </summary>
    public string SyncObjects(FluxRepository repository)
    {
        var committed = RenderedLayout.FileIn(state.RepositoryRoot, cluster.Git, RenderedLayout.FluxSync);
        var modelComplete = !string.IsNullOrWhiteSpace(cluster.Git.Url) && !string.IsNullOrWhiteSpace(cluster.Git.Branch) && repository.Url == cluster.Git.Url;
        if (modelComplete && File.Exists(committed)) return File.ReadAllText(committed);
        var file = FluxSync.Build(cluster with { Git = cluster.Git with { Url = repository.Url, Branch = repository.Branch } }).First();
        log.WriteLine($"Applying gotk-sync objects rendered with {repository.Url} ({repository.Branch}) instead of {committed}.");
        return ManifestSerializer.Serialize("Rendered by bootstrap flux with the checkout's origin/branch", file.Documents);
    }
}
