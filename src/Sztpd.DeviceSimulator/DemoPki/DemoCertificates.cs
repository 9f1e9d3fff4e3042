using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.DeviceSimulator.DemoPki;

/// <summary>
/// Issues the demo PKI's certificates: self-signed ECDSA P-256 roots and the end entities they sign (ECDSA P-256), or,
/// where asked, an RSA-2048 root and end entity signed with RSA PKCS #1 v1.5 SHA-256 (the TLS server chain, for devices
/// whose TLS stack verifies only RSA PKCS #1, and for benchmarks).
/// </summary>
public static class DemoCertificates
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// A self-signed CA certificate (with its key) valid from an hour ago for <paramref name="years"/> years: ECDSA P-256, or
    /// RSA-2048 signed with PKCS #1 v1.5 SHA-256 (SHA-1 when <paramref name="sha1"/>, as Cisco's SUDI roots) when <paramref name="rsa"/>.
    /// </summary>
    public static X509Certificate2 CreateRoot(string subject, DateTimeOffset now, int years = 10, bool rsa = false, bool sha1 = false)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(subject, key, sha1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(subjectKeyId);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));
        if (sha1 && key is RSA rsaKey)
        {
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7f;
            using var unkeyed = request.Create(request.SubjectName, new RsaSha1SignatureGenerator(rsaKey), now.AddHours(-1), now.AddYears(years), serial);
            return unkeyed.CopyWithPrivateKey(rsaKey);
        }

        return request.CreateSelfSigned(now.AddHours(-1), now.AddYears(years));
    }

    /// <summary>
    /// An end-entity certificate (with its key) signed by <paramref name="issuer"/> (ECDSA, or RSA PKCS #1 v1.5, as its
    /// key is; with SHA-1 when <paramref name="sha1"/> and the issuer is RSA, as Cisco SUDIs): for TLS clients and servers
    /// when <paramref name="tls"/>, else for signing only (owner certificates, voucher signers).
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string subject, DateTimeOffset now, bool tls, IPAddress? address = null, string? dnsName = null, bool rsa = false, bool sha1 = false)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(subject, key, sha1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // TLS 1.2 RSA key exchange is not offered, so RSA keys sign too: digitalSignature alone.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        return Sign(request, key, issuer, now, tls, address, dnsName);
    }

    /// <summary>
    /// An issuing CA certificate (with its RSA-2048 key) under <paramref name="issuer"/>, signed with RSA PKCS #1 v1.5
    /// SHA-256, or SHA-1 when <paramref name="sha1"/> (Cisco's ACT2 SUDI CA).
    /// </summary>
    public static X509Certificate2 IssueRsaCa(X509Certificate2 issuer, string subject, DateTimeOffset now, bool sha1)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using var key = RSA.Create(2048);
        var request = Request(subject, key, sha1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return Sign(request, key, issuer, now, tls: false, null, null);
    }

    private static X509Certificate2 Sign(CertificateRequest request, AsymmetricAlgorithm key, X509Certificate2 issuer, DateTimeOffset now, bool tls, IPAddress? address, string? dnsName)
    {
        if (tls)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth), new Oid(ClientAuth)], false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (address is not null || dnsName is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            if (address is not null)
            {
                names.AddIpAddress(address);
            }

            if (dnsName is not null)
            {
                names.AddDnsName(dnsName);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using AsymmetricAlgorithm issuerKey = (AsymmetricAlgorithm?)issuer.GetECDsaPrivateKey() ?? issuer.GetRSAPrivateKey()
            ?? throw new ArgumentException("The issuer has no ECDSA or RSA private key.", nameof(issuer));
        var generator = issuerKey switch
        {
            RSA rsaIssuer when request.HashAlgorithm == HashAlgorithmName.SHA1 => new RsaSha1SignatureGenerator(rsaIssuer),
            RSA rsaIssuer => X509SignatureGenerator.CreateForRSA(rsaIssuer, RSASignaturePadding.Pkcs1),
            _ => X509SignatureGenerator.CreateForECDsa((ECDsa)issuerKey),
        };
        using var certificate = request.Create(issuer.SubjectName, generator, now.AddHours(-1), now.AddYears(5), serial);
        return key is RSA rsaKey ? certificate.CopyWithPrivateKey(rsaKey) : certificate.CopyWithPrivateKey((ECDsa)key);
    }

    /// <summary>
    /// A certificate request for <paramref name="key"/>: SHA-256 (SHA-1 for an RSA issuer when <paramref name="sha1"/>), and
    /// PKCS #1 v1.5 padding for RSA (used when it self-signs). The hash is the one the issuer signs with.
    /// </summary>
    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key, bool sha1)
    {
        var hash = sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        return key is RSA rsa
            ? new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, hash);
    }

    /// <summary>The certificate's PEM.</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>The certificate's private key as PKCS #8 PEM.</summary>
    public static string KeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The certificate has no ECDSA or RSA private key.", nameof(certificate));
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
