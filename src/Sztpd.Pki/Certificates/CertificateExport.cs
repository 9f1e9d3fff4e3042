using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Sztpd.Pki.Certificates;

/// <summary>A certificate with its issuers, and optionally its key under a passphrase, as PEM or PKCS #12 (PBES2, AES-256, SHA-256).</summary>
public static class CertificateExport
{
    private static readonly PbeParameters KeyEncryption = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000);

    /// <summary>The certificate, its issuers, then (with <paramref name="passphrase"/>) the key as an ENCRYPTED PRIVATE KEY.</summary>
    public static string Pem(X509Certificate2 certificate, IEnumerable<X509Certificate2> issuers, AsymmetricAlgorithm key, string? passphrase)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        var pem = new StringBuilder();
        foreach (var c in issuers.Prepend(certificate))
        {
            pem.Append(c.ExportCertificatePem()).Append('\n');
        }
        if (passphrase is not null)
        {
            pem.Append(key.ExportEncryptedPkcs8PrivateKeyPem(passphrase, KeyEncryption)).Append('\n');
        }
        return pem.ToString();
    }

    /// <summary>A PKCS #12 file of the certificate and its issuers, with its key when <paramref name="withKey"/>, under <paramref name="passphrase"/>.</summary>
    public static byte[] Pkcs12(X509Certificate2 certificate, IEnumerable<X509Certificate2> issuers, AsymmetricAlgorithm key, bool withKey, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var leaf = !withKey ? null : key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ec => certificate.CopyWithPrivateKey(ec),
            _ => throw new ArgumentException("The key must be RSA or ECDSA.", nameof(key)),
        };
        var collection = new X509Certificate2Collection(leaf ?? certificate);
        collection.AddRange(issuers.ToArray());
        return collection.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, passphrase);
    }
}
