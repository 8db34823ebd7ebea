using System.Security.Cryptography;

namespace PiCluster.Bootstrap.Etcd;

/// <summary>
/// The snapshot `restore-etcd` uploads: its file name, SHA-256 (lower-case hex) and a way to read it when the upload
/// runs. A snapshot from an encrypted `backup pull` copy stays in memory: its plaintext (every Secret of the cluster)
/// is never written on this machine, and --dry-run reads nothing.
/// </summary>
public sealed record RestoreSnapshot(string Name, string Sha256, Func<CancellationToken, Task<byte[]>> ReadAsync)
{
    /// <summary>A snapshot file on this machine, read when the upload runs.</summary>
    public static RestoreSnapshot File(string path, string sha256) =>
        new(Path.GetFileName(path), sha256, cancellationToken => System.IO.File.ReadAllBytesAsync(path, cancellationToken));

    /// <summary>A snapshot file on this machine, hashed now (a missing file is bad input).</summary>
    public static RestoreSnapshot File(string path)
    {
        if (!System.IO.File.Exists(path)) throw new BootstrapException($"--snapshot {path}: no such file.");
        using var stream = System.IO.File.OpenRead(path);
        return File(path, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>A snapshot held in memory (decrypted from a `backup pull` copy).</summary>
    public static RestoreSnapshot InMemory(string name, byte[] data) =>
        new(name, Convert.ToHexStringLower(SHA256.HashData(data)), _ => Task.FromResult(data));
}
