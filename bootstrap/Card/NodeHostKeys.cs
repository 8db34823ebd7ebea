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
