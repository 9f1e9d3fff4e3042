using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Keys;

/// <summary>Private keys of the keystore, read for use with their certificate.</summary>
public static class PrivateKeys
{
    /// <summary>
    /// The private key (DER in the <c>ietf-crypto-types</c> format <paramref name="privateKeyFormat"/>) that belongs to
    /// <paramref name="certificate"/>'s public key, or null with <paramref name="error"/> set. The caller disposes it.
    /// </summary>
    public static AsymmetricAlgorithm? ReadFor(X509Certificate2 certificate, string privateKeyFormat, byte[] der, out string? error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return ReadFor(certificate.PublicKey.ExportSubjectPublicKeyInfo(), privateKeyFormat, der, out error);
    }

    /// <summary>The private key that belongs to public key <paramref name="subjectPublicKeyInfo"/> (DER), as <see cref="ReadFor(X509Certificate2, string, byte[], out string?)"/>.</summary>
    public static AsymmetricAlgorithm? ReadFor(byte[] subjectPublicKeyInfo, string privateKeyFormat, byte[] der, out string? error)
    {
        using var publicKey = PublicKeyReader.Read(subjectPublicKeyInfo, out var curveOid, out error);
        if (publicKey is null)
        {
            return null;
        }

        var key = PrivateKeyReader.Read(privateKeyFormat, der, curveOid, out error);
        if (key is null || KeyPairCheck.Matches(publicKey, key))
        {
            return key;
        }

        key.Dispose();
        error = "the private key does not belong to the certificate";
        return null;
    }
}
