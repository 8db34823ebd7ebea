using PiCluster.Bootstrap.State;
using PiCluster.Bootstrap.Tools;

namespace PiCluster.Bootstrap.Card;

/// <summary>
/// A node's SSH host key, generated once with ssh-keygen (ed25519; .NET has no Ed25519) and kept in
/// <c>.picluster/nodes/&lt;node&gt;/</c> so rewriting a card keeps the identity bootstrap already trusts.
/// </summary>
public static class NodeHostKeys
{
    public const string KeyType = "ssh-ed25519";
    private const string FileName = "ssh_host_ed25519_key";

    public static async Task<NodeHostKey> EnsureAsync(StateFolder state, string node, CancellationToken cancellationToken)
    {
        var folder = state.EnsurePrivateFolder(state.NodeFolder(node));
        var privatePath = Path.Combine(folder, FileName);
        var publicPath = privatePath + ".pub";
        if (!File.Exists(privatePath) || !File.Exists(publicPath))
        {
            File.Delete(privatePath);
            File.Delete(publicPath);
            await ExternalTool.SshKeygen.RunAsync(
                ["-q", "-t", "ed25519", "-N", "", "-C", $"root@{node}", "-f", privatePath], cancellationToken);
        }
        return await ReadAsync(privatePath, publicPath, cancellationToken);
    }

    /// <summary>
    /// A new key for `card --new-host-key`, made next to the pinned one (<c>ssh_host_ed25519_key.new</c>) and not yet
    /// pinned: the pinned key and known_hosts stay as they are until <see cref="CommitPending"/> after the card is written,
    /// so a failed write leaves bootstrap trusting the card still in the Pi. A stale pending key from a failed run is replaced.
    /// </summary>
    public static async Task<NodeHostKey> CreatePendingAsync(StateFolder state, string node, CancellationToken cancellationToken)
    {
        var folder = state.EnsurePrivateFolder(state.NodeFolder(node));
        var pendingPath = Path.Combine(folder, FileName + PendingSuffix);
        File.Delete(pendingPath);
        File.Delete(pendingPath + ".pub");
        await ExternalTool.SshKeygen.RunAsync(["-q", "-t", "ed25519", "-N", "", "-C", $"root@{node}", "-f", pendingPath], cancellationToken);
        return await ReadAsync(pendingPath, pendingPath + ".pub", cancellationToken);
    }

    /// <summary>The pending key becomes the pinned one; the old one is set aside (<see cref="Retire"/>). Returns whether there was an old one.</summary>
    public static bool CommitPending(StateFolder state, string node)
    {
        var privatePath = Path.Combine(state.NodeFolder(node), FileName);
        var pendingPath = privatePath + PendingSuffix;
        if (!File.Exists(pendingPath) || !File.Exists(pendingPath + ".pub")) throw new InvalidOperationException($"{node}: no pending host key to commit");
        var retired = Retire(state, node);
        File.Move(pendingPath + ".pub", privatePath + ".pub");
        File.Move(pendingPath, privatePath);
        return retired;
    }

    private const string PendingSuffix = ".new";

    /// <summary>
    /// Sets the node's key aside (<c>ssh_host_ed25519_key.retired-&lt;n&gt;</c>, never deleted) so the next
    /// <see cref="EnsureAsync"/> makes a new one; returns false when there was none.
    /// </summary>
    public static bool Retire(StateFolder state, string node)
    {
        var privatePath = Path.Combine(state.NodeFolder(node), FileName);
        if (!File.Exists(privatePath)) return false;
        var n = 1;
        while (File.Exists($"{privatePath}.retired-{n}")) n++;
        File.Move(privatePath, $"{privatePath}.retired-{n}");
        if (File.Exists(privatePath + ".pub")) File.Move(privatePath + ".pub", $"{privatePath}.pub.retired-{n}");
        return true;
    }

    /// <summary>The pinned public key ("ssh-ed25519 AAAA…"), or null when the node has none yet.</summary>
    public static string? PinnedPublicKey(StateFolder state, string node)
    {
        var publicPath = Path.Combine(state.NodeFolder(node), FileName + ".pub");
        if (!File.Exists(publicPath)) return null;
        var fields = File.ReadAllText(publicPath).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return fields.Length >= 2 ? $"{fields[0]} {fields[1]}" : null;
    }

    private static async Task<NodeHostKey> ReadAsync(string privatePath, string publicPath, CancellationToken cancellationToken)
    {
        var privateText = (await File.ReadAllTextAsync(privatePath, cancellationToken)).ReplaceLineEndings("\n");
        var publicText = (await File.ReadAllTextAsync(publicPath, cancellationToken)).ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        var fields = publicText.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length < 2 || fields[0] != KeyType)
        {
            throw new BootstrapException($"{publicPath} is not an {KeyType} public key; delete {Path.GetDirectoryName(publicPath)} to regenerate.");
        }
        return new NodeHostKey(KeyType, privateText, publicText, fields[1]);
    }
}
