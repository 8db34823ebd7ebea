using PiCluster.Cluster.Rules;

namespace PiCluster.Cluster.Model;

/// <summary>
/// Encrypted copies of the nightly etcd backups on the operator's machine (`bootstrap backup pull`), so losing the NAS
/// does not lose the cluster: the backup holds every Secret and the CA's private key, so it leaves the NAS only encrypted.
/// </summary>
/// <param name="AgeRecipients">
/// Public keys only, as `age -r` takes them: age X25519 recipients ("age1…", from `age-keygen -y key.txt`) or SSH public
/// keys ("ssh-ed25519 AAAA…"). The matching identity (private key) never goes into the model or the repository.
/// </param>
/// <param name="Keep">How many encrypted copies `backup pull` keeps in its folder; older ones are deleted.</param>
public sealed record BackupCopySettings(
    IReadOnlyList<string> AgeRecipients,
    [ClusterFact(FactKind.BackupRetention)] int Keep = 7);
