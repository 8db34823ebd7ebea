using System.Security.Cryptography;
using System.Text;
using PiCluster.Bootstrap.State;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Card;

/// <summary>
/// The card command's work: get a verified tarball, give each node its host key and overlay,
/// record the public key in known_hosts and write the card. The CLI only parses options and asks for confirmation.
/// </summary>
public sealed class CardService(
    ClusterDefinition cluster,
    StateFolder state,
    DeviceSafety safety,
    AlpineTarballSource tarballs,
    ICardProgress progress)
{
    public const long DefaultImageBytes = 2 * ByteSize.GiB;

    public BootstrapSettings Settings => cluster.Bootstrap;

    /// <summary>Reads the device facts and throws with every reason when it must not be written.</summary>
    public BlockDeviceFacts CheckDevice(string device, bool force)
    {
        var facts = safety.Inspect(device);
        var refusals = safety.Refusals(facts, force);
        if (refusals.Count > 0)
        {
            throw new BootstrapException($"Refusing to write {device} ({facts.Model}, {ByteSize.Format(facts.SizeBytes)}):\n  " + string.Join("\n  ", refusals));
        }
        return facts;
    }

    public Node FindNode(string name) =>
        cluster.Nodes.FirstOrDefault(n => n.Name == name)
        ?? throw new BootstrapException($"No node '{name}' in the cluster definition; nodes are {string.Join(", ", cluster.Nodes.Select(n => n.Name))}.");

    /// <summary>Writes every requested card; <paramref name="device"/> must come from <see cref="CheckDevice"/> for device targets.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CardRequest request, BlockDeviceFacts? device, CancellationToken cancellationToken)
    {
        var nodes = request.Nodes.Select(FindNode).ToList();
        CardWriter.RequireTools();
        var authorizedKeys = await ReadAuthorizedKeysAsync(request.SshPublicKey ?? Settings.SshPublicKeyPath, cancellationToken);
        var tarball = request.AlpineTarball is not null
            ? await tarballs.UseLocalAsync(request.AlpineTarball, request.AlpineSha256 ?? Settings.AlpineTarballSha256, cancellationToken)
            : await tarballs.GetAsync(new AlpineRelease(Settings.AlpineVersion), request.AlpineSha256 ?? Settings.AlpineTarballSha256, cancellationToken);

        using var boot = await BootFolder.FromTarballAsync(tarball, cancellationToken);
        CheckWorldPackages(boot);
        var writer = new CardWriter(progress);
        var written = new List<string>();
        foreach (var node in nodes)
        {
            // --new-host-key: the new key is pinned (and known_hosts changed) only once its card is written.
            var overlay = request.NewHostKey
                ? OverlayArchive.Create(NodeOverlay.Build(cluster, node, authorizedKeys, await NodeHostKeys.CreatePendingAsync(state, node.Name, cancellationToken)))
                : await BuildOverlayAsync(node, authorizedKeys, cancellationToken);
            await boot.PutOverlayAsync(node.Name, overlay, cancellationToken);
            var (path, layout, isDevice) = Plan(request, node, device);
            if (!isDevice) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await writer.WriteAsync(path, isDevice, layout, DiskId(node.Name), boot.Path, cancellationToken);
            progress.Note($"{node.Name}: wrote {path} ({ByteSize.Format(layout.TotalBytes)}, boot {ByteSize.Format(layout.BootBytes)}).");
            if (request.NewHostKey)
            {
                if (NodeHostKeys.CommitPending(state, node.Name))
                    progress.Note($"{node.Name}: the pinned host key was set aside (.retired-<n> in {state.NodeFolder(node.Name)}); the card carries a new one.");
                await PinnedHostKeyAsync(node, cancellationToken);
            }
            written.Add(path);
        }
        return written;
    }

    /// <summary>
    /// The node's overlay; also creates (or reuses) its host key and records it in known_hosts,
    /// so a card is never written with a key bootstrap does not know.
    /// </summary>
    public async Task<byte[]> BuildOverlayAsync(Node node, string authorizedKeys, CancellationToken cancellationToken) =>
        OverlayArchive.Create(NodeOverlay.Build(cluster, node, authorizedKeys, await PinnedHostKeyAsync(node, cancellationToken)));

    /// <summary>The node's pinned host key (made when it has none), recorded in known_hosts.</summary>
    private async Task<NodeHostKey> PinnedHostKeyAsync(Node node, CancellationToken cancellationToken)
    {
        var hostKey = await NodeHostKeys.EnsureAsync(state, node.Name, cancellationToken);
        if (KnownHostsFile.Update(state.KnownHostsFile, node.Name, node.Address, hostKey))
        {
            progress.Note($"{node.Name}: recorded host key in {Path.GetRelativePath(state.RepositoryRoot, state.KnownHostsFile)} (commit it).");
        }
        return hostKey;
    }

    public static async Task<string> ReadAuthorizedKeysAsync(string path, CancellationToken cancellationToken)
    {
        var expanded = path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
        if (!File.Exists(expanded))
        {
            throw new BootstrapException($"SSH public key {expanded} not found; create one (ssh-keygen -t ed25519) or pass --ssh-public-key <file.pub>.");
        }
        var text = (await File.ReadAllTextAsync(expanded, cancellationToken)).ReplaceLineEndings("\n").Trim();
        var keys = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('#')).ToList();
        if (keys.Count == 0 || keys.Any(k => k.Contains("PRIVATE KEY", StringComparison.Ordinal) || k.Split(' ').Length < 2))
        {
            throw new BootstrapException($"{expanded} is not an OpenSSH public key file (expected lines like 'ssh-ed25519 AAAA… comment').");
        }
        return string.Join('\n', keys) + "\n";
    }

    private (string Path, CardLayout Layout, bool IsDevice) Plan(CardRequest request, Node node, BlockDeviceFacts? device)
    {
        var bootBytes = request.BootSize ?? Settings.BootPartitionBytes;
        switch (request.Target)
        {
            case CardTarget.Device d:
                var facts = device ?? throw new InvalidOperationException("Device targets need CheckDevice first.");
                return (d.Path, CardLayout.For(facts.SizeBytes, Settings.BootPartitionBytes), true);
            case CardTarget.Image image:
                var size = image.Size ?? (File.Exists(image.Path) ? new FileInfo(image.Path).Length : DefaultImageBytes);
                return (image.Path, CardLayout.For(size, bootBytes), false);
            case CardTarget.ImageFolder folder:
                var path = Path.Combine(folder.Path, $"{node.Name}.img");
                return (path, CardLayout.For(folder.Size ?? DefaultImageBytes, bootBytes), false);
            default:
                throw new InvalidOperationException($"Unknown target {request.Target}.");
        }
    }

    private void CheckWorldPackages(BootFolder boot)
    {
        var offline = boot.OfflinePackages();
        if (offline is null)
        {
            progress.Note("The tarball has no apks/aarch64/APKINDEX.tar.gz; etc/apk/world was not checked against it.");
            return;
        }
        var missing = NodeOverlay.WorldPackages.Where(p => !offline.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            throw new BootstrapException(
                $"etc/apk/world lists {string.Join(", ", missing)}, which the tarball's apks/ repository lacks; first boot installs offline only.");
        }
    }

    /// <summary>A fixed MBR disk id and FAT volume id per node, so rewriting a card gives the same ids.</summary>
    public static uint DiskId(string node) =>
        BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes("picluster-card:" + node)), 0);
}
