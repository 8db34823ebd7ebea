namespace PiCluster.Cluster.Model;

/// <summary>What the bootstrap tool needs to bring nodes up before Flux runs.</summary>
/// <param name="AlpineVersion">Alpine release written to the cards, e.g. "3.24.2".</param>
/// <param name="SshPublicKeyPath">The operator's public key installed as root's authorized key; "~" is the home folder.</param>
/// <param name="AlpineTarballSha256">
/// Pinned SHA-256 (hex) of alpine-rpi-&lt;version&gt;-aarch64.tar.gz; null trusts the published .sha256 file alone.
/// When set, the downloaded tarball must match both the pin and the published checksum.
/// </param>
/// <param name="MaxCardBytes">Largest block device `card` writes without --force; bigger disks are more likely a data disk than an SD card.</param>
/// <param name="BootPartitionBytes">Size of the FAT32 boot partition (p1) on every card.</param>
/// <param name="Health">What `bootstrap status` reports as a warning; null = <see cref="HealthThresholds"/>' defaults.</param>
/// <param name="BackupCopy">Where `bootstrap backup pull` encrypts the off-NAS copies of the etcd backups to; null = not set up.</param>
public sealed record BootstrapSettings(
    string AlpineVersion,
    string SshPublicKeyPath,
    string? AlpineTarballSha256 = null,
    long MaxCardBytes = 256L * 1024 * 1024 * 1024,
    long BootPartitionBytes = 1024L * 1024 * 1024,
    HealthThresholds? Health = null,
    BackupCopySettings? BackupCopy = null)
{
    public HealthThresholds Thresholds => Health ?? new HealthThresholds();
}

/// <summary>
/// Where `bootstrap status` turns ok into a warning (the etcd backup's age limit is <see cref="EtcdBackup.AlertAfterHours"/>,
/// the same one the Prometheus alert uses).
/// </summary>
/// <param name="CertificateDays">A kubeadm or kubelet certificate with fewer days left than this is a warning (`bootstrap certs renew`).</param>
/// <param name="DiskUsedPercent">A node's / or boot partition fuller than this percentage is a warning.</param>
/// <param name="ApkIndexDays">A node whose apk index (the last `apk update`) is older than this many days cannot say what is pending: a warning.</param>
public sealed record HealthThresholds(int CertificateDays = 30, int DiskUsedPercent = 85, int ApkIndexDays = 7);
