using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Keys;

namespace Sztpd.Testing.Pki;

public sealed partial class TestCredential
{
    /// <summary>DER SubjectPublicKeyInfo (<c>public-key</c> with <c>subject-public-key-info-format</c>).</summary>
    public byte[] SpkiDer => Certificate.PublicKey.ExportSubjectPublicKeyInfo();

    /// <summary>RFC 5915 ECPrivateKey or PKCS #1 RSAPrivateKey DER, matching <see cref="PrivateKeyFormat"/>.</summary>
    public byte[] PrivateKeyDer => Key switch
    {
        ECDsa ec => ec.ExportECPrivateKey(),
        RSA rsa => rsa.ExportRSAPrivateKey(),
        _ => throw new NotSupportedException(),
    };

    /// <summary>The <c>ietf-crypto-types</c> identity of <see cref="PrivateKeyDer"/>.</summary>
    public string PrivateKeyFormat =>
        Key is ECDsa ? CryptoTypesFormats.EcPrivateKey : CryptoTypesFormats.RsaPrivateKey;

    /// <summary>PKCS #8 (OneAsymmetricKey) DER.</summary>
    public byte[] Pkcs8Der => Key.ExportPkcs8PrivateKey();

    public string SpkiBase64 => Convert.ToBase64String(SpkiDer);

    public string PrivateKeyBase64 => Convert.ToBase64String(PrivateKeyDer);

    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>"EC PRIVATE KEY" or "RSA PRIVATE KEY" PEM, as OpenSSL's traditional format writes.</summary>
    public string PrivateKeyPem => (Key switch
    {
        ECDsa ec => ec.ExportECPrivateKeyPem(),
        RSA rsa => rsa.ExportRSAPrivateKeyPem(),
        _ => throw new NotSupportedException(),
    }) + "\n";

    /// <summary>"PRIVATE KEY" (PKCS #8) PEM.</summary>
    public string Pkcs8Pem => Key.ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>The issuers of this certificate, nearest first, excluding the root (the chain a TLS peer sends).</summary>
    public X509Certificate2Collection Intermediates =>
        [.. Chain.Skip(1).Where(c => c.Issuer is not null).Select(c => c.Certificate)];

    /// <summary>A PKCS #12 of the certificate and key.</summary>
    public byte[] ToPkcs12(string? password = null) => Certificate.Export(X509ContentType.Pkcs12, password);

    /// <summary>
    /// The certificate and key re-loaded from PKCS #12, usable as a Kestrel/SslStream server or client certificate.
    /// The caller disposes it.
    /// </summary>
    public X509Certificate2 ToTlsCertificate() =>
        X509CertificateLoader.LoadPkcs12(ToPkcs12(), null, X509KeyStorageFlags.Exportable);

    /// <summary>Writes <c>{name}.pem</c> (certificate) and <c>{name}.key</c> (private key PEM); returns both paths.</summary>
    public (string CertificatePath, string KeyPath) WritePem(TempDirectory directory, string name)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return (directory.WriteText(name + ".pem", CertificatePem), directory.WriteText(name + ".key", PrivateKeyPem));
    }
}
