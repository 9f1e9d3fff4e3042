using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Core.Configuration;

namespace Sztpd.Server.Hosting;

/// <summary>A keystore key and certificate as TLS uses them: the certificate with its private key, and its issuers.</summary>
internal static class KeystoreIdentity
{
    /// <exception cref="InvalidOperationException">The reference names nothing usable.</exception>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Issuers) WithKey(Keystore keystore, KeystoreReference reference)
    {
        var entry = keystore.Read(reference, out var error) ?? throw new InvalidOperationException(error);
        using var key = entry.Key;
        using var withKey = key switch
        {
            RSA rsa => entry.EndEntity.CopyWithPrivateKey(rsa),
            ECDsa ec => entry.EndEntity.CopyWithPrivateKey(ec),
            _ => throw new InvalidOperationException($"The key of asymmetric-key \"{reference.Key}\" is neither RSA nor EC."),
        };
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null), [.. entry.Issuers]);
    }
}
