using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.DeviceSimulator.DemoPki;

/// <summary>
/// Issues the demo PKI's certificates: self-signed ECDSA P-256 roots and the end entities they sign (ECDSA P-256, or
/// RSA-2048 where asked: the TLS server certificate for benchmarks).
/// </summary>
public static class DemoCertificates
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>A self-signed CA certificate (with its key) valid from an hour ago for <paramref name="years"/> years.</summary>
    public static X509Certificate2 CreateRoot(string subject, DateTimeOffset now, int years = 10)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(subjectKeyId);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));
        return request.CreateSelfSigned(now.AddHours(-1), now.AddYears(years));
    }

    /// <summary>
    /// An end-entity certificate (with its key) signed by <paramref name="issuer"/>: for TLS clients and servers when
    /// <paramref name="tls"/>, else for signing only (owner certificates, voucher signers).
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string subject, DateTimeOffset now, bool tls, IPAddress? address = null, string? dnsName = null, bool rsa = false)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA r
            ? new CertificateRequest(subject, r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // TLS 1.2 RSA key exchange is not offered, so RSA keys sign too: digitalSignature alone.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
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
        using var issuerKey = issuer.GetECDsaPrivateKey() ?? throw new ArgumentException("The issuer has no ECDSA private key.", nameof(issuer));
        using var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), now.AddHours(-1), now.AddYears(5), serial);
        return key is RSA rsaKey ? certificate.CopyWithPrivateKey(rsaKey) : certificate.CopyWithPrivateKey((ECDsa)key);
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
