using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Certificates;

/// <summary>What a certificate is for: its basic constraints, key usage and extended key usage.</summary>
public enum CertificateProfile
{
    CertificateAuthority,
    TlsServer,
    TlsClient,
    Signing,
}

/// <summary>What an issued certificate says: subject, purpose and subject alternative names.</summary>
public sealed record CertificateTemplate(X500DistinguishedName Subject, CertificateProfile Profile, IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> IpAddresses);

/// <summary>
/// Issues X.509 v3 certificates with the BCL (<see cref="CertificateRequest"/>): a random positive 127-bit serial
/// number, subject and authority key identifiers, and the profile's extensions; signed with SHA-384 by a P-384 key,
/// else SHA-256 (PKCS #1 v1.5 for RSA).
/// </summary>
public static class CertificateIssuer
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>A new key of a <c>sztpd-ext:key-algorithm</c> (<c>ec-p256</c>, <c>ec-p384</c>, <c>rsa-2048</c>, <c>rsa-3072</c>, <c>rsa-4096</c>).</summary>
    public static AsymmetricAlgorithm GenerateKey(string algorithm) => algorithm switch
    {
        "ec-p256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "ec-p384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        "rsa-2048" => RSA.Create(2048),
        "rsa-3072" => RSA.Create(3072),
        "rsa-4096" => RSA.Create(4096),
        _ => throw new ArgumentException($"Unknown key algorithm \"{algorithm}\".", nameof(algorithm)),
    };

    /// <summary>
    /// Issues <paramref name="template"/> for <paramref name="key"/>, signed by <paramref name="issuerKey"/> as
    /// <paramref name="issuer"/> (null: self-signed by <paramref name="key"/>), naming <paramref name="crlUrl"/> (if any) as
    /// where the issuer's CRL is.
    /// </summary>
    public static X509Certificate2 Issue(CertificateTemplate template, AsymmetricAlgorithm key, X509Certificate2? issuer, AsymmetricAlgorithm issuerKey,
        DateTimeOffset notBefore, DateTimeOffset notAfter, string? crlUrl = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(template.Subject, ec, Hash(issuerKey)),
            RSA rsa => new CertificateRequest(template.Subject, rsa, Hash(issuerKey), RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("The key must be RSA or ECDSA.", nameof(key)),
        };
        var ca = template.Profile == CertificateProfile.CertificateAuthority;
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(Usage(template.Profile, key), true));
        if (template.Profile is CertificateProfile.TlsServer or CertificateProfile.TlsClient)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [new Oid(template.Profile == CertificateProfile.TlsServer ? ServerAuth : ClientAuth)], false));
        }
        if (template.DnsNames.Count + template.IpAddresses.Count > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var dns in template.DnsNames)
            {
                names.AddDnsName(dns);
            }
            foreach (var ip in template.IpAddresses)
            {
                names.AddIpAddress(ip);
            }
            request.CertificateExtensions.Add(names.Build());
        }
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(ski);
        request.CertificateExtensions.Add(issuer is null ? X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski) : AuthorityKeyIdentifier(issuer));
        if (crlUrl is not null)
        {
            request.CertificateExtensions.Add(RevocationList.DistributionPoint(crlUrl));
        }
        return Sign(request, issuer?.SubjectName ?? template.Subject, issuer is null ? key : issuerKey, notBefore, notAfter);
    }

    /// <summary>Signs <paramref name="request"/> as <paramref name="issuerName"/> with a fresh random serial number (no private key attached).</summary>
    public static X509Certificate2 Sign(CertificateRequest request, X500DistinguishedName issuerName, AsymmetricAlgorithm issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(request);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01; // positive and 16 bytes long, so that its hexadecimal form is always 32 digits
        var generator = issuerKey switch
        {
            RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
            ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
            _ => throw new ArgumentException("The issuer's key must be RSA or ECDSA.", nameof(issuerKey)),
        };
        return request.Create(issuerName, generator, notBefore, notAfter, serial);
    }

    /// <summary>
    /// The authority key identifier naming <paramref name="issuer"/>: its subject key identifier, or (an imported CA
    /// certificate without one) its issuer and serial number.
    /// </summary>
    public static X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier(X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var hasKeyIdentifier = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any();
        return X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, hasKeyIdentifier, !hasKeyIdentifier);
    }

    private static HashAlgorithmName Hash(AsymmetricAlgorithm issuerKey) =>
        issuerKey is ECDsa { KeySize: 384 } ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    private static X509KeyUsageFlags Usage(CertificateProfile profile, AsymmetricAlgorithm key) => profile switch
    {
        CertificateProfile.CertificateAuthority => X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature,
        CertificateProfile.TlsServer when key is RSA => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
        _ => X509KeyUsageFlags.DigitalSignature,
    };
}
