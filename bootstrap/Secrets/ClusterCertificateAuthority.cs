using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiCluster.Bootstrap.Secrets;

/// <summary>
/// The cluster's own certificate authority and the certificate Traefik serves on websecure. The CA (certificate +
/// key, PEM) lives in the git-ignored secret store and is made once, so the operator imports its certificate once;
/// the server certificate is issued from it whenever the TLS Secret is (re)created. Written with .NET's
/// CertificateRequest (System.Security.Cryptography), ECDSA P-256 throughout.
/// </summary>
public static class ClusterCertificateAuthority
{
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    /// <summary>825 days: the longest server certificate Apple platforms accept, even from a CA the user installed.</summary>
    public static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(825);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>A new self-signed CA for <paramref name="clusterName"/>: certificate PEM followed by its PKCS#8 key PEM.</summary>
    public static string Create(string clusterName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clusterName} PiCluster CA, O=PiCluster", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(now.AddHours(-1), now + CaLifetime);
        return certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>The CA's certificate alone (what people import), from the stored CA PEM.</summary>
    public static string CertificatePem(string caPem)
    {
        using var ca = LoadCa(caPem, "ca");
        return ca.ExportCertificatePem() + "\n";
    }

    /// <summary>
    /// A server certificate for *.<paramref name="domain"/>, the domain itself and every listed host (browsers such as
    /// Chrome refuse a wildcard right under an unknown top-level label like "local", so each host is named too).
    /// Returns the chain (server then CA) and the server's key, as the kubernetes.io/tls Secret wants them.
    /// </summary>
    public static (string CertificateChainPem, string KeyPem) IssueServerCertificate(string caPem, string domain, IReadOnlyList<string> hosts, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(domain)) throw new BootstrapException("TLS certificate: domain is empty (Network.Domain).");
        using var ca = LoadCa(caPem, "ca");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=*.{domain}, O=PiCluster", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in new[] { $"*.{domain}", domain }.Concat(hosts).Distinct(StringComparer.OrdinalIgnoreCase)) names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notAfter = now + ServerLifetime < ca.NotAfter ? now + ServerLifetime : new DateTimeOffset(ca.NotAfter);
        using var server = request.Create(ca, now.AddHours(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        return (server.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    private static X509Certificate2 LoadCa(string caPem, string what)
    {
        try
        {
            var ca = X509Certificate2.CreateFromPem(caPem, caPem);
            if (!ca.HasPrivateKey) throw new BootstrapException($"TLS certificate: the stored '{what}' has no private key.");
            return ca;
        }
        catch (CryptographicException e)
        {
            throw new BootstrapException($"TLS certificate: the stored '{what}' is not a PEM certificate followed by its key ({e.Message}); delete it from the secret store to make a new CA (then import the new one).");
        }
    }
}
