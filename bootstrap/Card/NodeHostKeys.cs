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
