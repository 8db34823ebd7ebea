using System.Text.RegularExpressions;
using PiCluster.Cluster.Model;

namespace PiCluster.Bootstrap.Backup;

/// <summary>
/// The public keys `backup pull` encrypts to (<see cref="BackupCopySettings.AgeRecipients"/>), checked before anything
/// runs: only recipient forms `age -r` takes (FiloSottile/age cmd/age/parse.go parseRecipient: "age1…" bech32, plugin
/// "age1<name>1…", "ssh-ed25519 …", "ssh-rsa …"), and never an identity — a private key in the model would be in Git.
/// </summary>
public static partial class AgeRecipients
{
    public const string Field = "Bootstrap.BackupCopy.AgeRecipients";

    public static IReadOnlyList<string> Of(ClusterDefinition cluster)
    {
        var copy = cluster.Bootstrap.BackupCopy;
        if (copy is null || copy.AgeRecipients.Count == 0)
        {
            throw new BootstrapException(
                $"{Field} is empty: add the public key the copies are encrypted to (`age-keygen -o ~/.config/age/picluster.txt` prints it, " +
                "or `age-keygen -y` of an existing key) in cluster/HomeCluster.cs; the private key stays on your machine.");
        }
        for (var i = 0; i < copy.AgeRecipients.Count; i++) Validate(copy.AgeRecipients[i], $"{Field}[{i}]");
        return copy.AgeRecipients;
    }

    public static void Validate(string recipient, string field)
    {
        if (recipient.StartsWith("AGE-SECRET-KEY-", StringComparison.OrdinalIgnoreCase) || recipient.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new BootstrapException(
                $"{field} is a private key (an age identity), not a recipient: remove it from the model and from Git history, make a new key, and put its public key (`age-keygen -y key.txt`, \"age1…\") here.");
        }
        if (!AgeKey().IsMatch(recipient) && !SshKey().IsMatch(recipient))
        {
            throw new BootstrapException($"{field}: \"{recipient}\" is not an age recipient; use an age public key (\"age1…\", from `age-keygen -y key.txt`) or an SSH public key (\"ssh-ed25519 AAAA…\").");
        }
    }

    [GeneratedRegex("^age1[0-9a-z]{20,}$")]
    private static partial Regex AgeKey();

    [GeneratedRegex("^(ssh-ed25519|ssh-rsa) [A-Za-z0-9+/]+={0,2}( .*)?$")]
    private static partial Regex SshKey();
}
