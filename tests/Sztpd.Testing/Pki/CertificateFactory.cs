using System.Collections.ObjectModel;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Testing.Pki;

/// <summary>Builds and signs one certificate.</summary>
internal static class CertificateFactory
{
    public static TestCredential Issue(
        TestPki pki, TestCredential? issuer, X500DistinguishedName subject, bool isCa, TestCertificateOptions options)
    {
        var key = CreateKey(options.KeyAlgorithm);
        try
        {
            var request = CreateRequest(subject, key, options.SignatureHash);
            AddExtensions(request, issuer, isCa, options);
            var notBefore = options.NotBefore ?? pki.Now.AddHours(-1);
            var notAfter = options.NotAfter ?? pki.Now.AddYears(isCa ? 10 : 1);
            var signingKey = issuer?.Key ?? key;
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7f;
            using var publicOnly = request.Create(
                issuer?.Certificate.SubjectName ?? subject, CreateGenerator(signingKey, options.SignatureHash), notBefore, notAfter, serial);
            var certificate = key is ECDsa ec ? publicOnly.CopyWithPrivateKey(ec) : publicOnly.CopyWithPrivateKey((RSA)key);
            return new TestCredential(pki, issuer, certificate, key, options.KeyAlgorithm);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static AsymmetricAlgorithm CreateKey(TestKeyAlgorithm algorithm) => algorithm switch
    {
        TestKeyAlgorithm.EcP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        TestKeyAlgorithm.Rsa2048 => RSA.Create(2048),
        TestKeyAlgorithm.EcP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static CertificateRequest CreateRequest(X500DistinguishedName subject, AsymmetricAlgorithm key, HashAlgorithmName hash) => key switch
    {
        ECDsa ec => new CertificateRequest(subject, ec, hash),
        RSA rsa => new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static X509SignatureGenerator CreateGenerator(AsymmetricAlgorithm key, HashAlgorithmName hash) => key switch
    {
        ECDsa ec when hash == HashAlgorithmName.SHA1 => new EcdsaSha1SignatureGenerator(ec),
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static void AddExtensions(
        CertificateRequest request, TestCredential? issuer, bool isCa, TestCertificateOptions options)
    {
        var extensions = request.CertificateExtensions;
        if (isCa || options.IncludeBasicConstraints)
        {
            extensions.Add(new X509BasicConstraintsExtension(
                isCa, isCa && options.PathLength is not null, options.PathLength ?? 0, critical: true));
        }

        extensions.Add(new X509KeyUsageExtension(options.KeyUsage ?? DefaultKeyUsage(isCa, options), critical: true));
        var usages = options.ExtendedKeyUsages ?? (isCa ? [] : [TestOids.ServerAuth, TestOids.ClientAuth]);
        if (usages.Count > 0)
        {
            extensions.Add(new X509EnhancedKeyUsageExtension([.. usages], critical: false));
        }

        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        extensions.Add(subjectKeyId);
        var authorityKeyId = issuer is null
            ? X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId)
            : X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false);
        extensions.Add(authorityKeyId);
        AddSubjectAlternativeNames(extensions, options);
        foreach (var extension in options.OtherExtensions)
        {
            extensions.Add(extension);
        }
    }

    private static X509KeyUsageFlags DefaultKeyUsage(bool isCa, TestCertificateOptions options) =>
        isCa ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign
        : options.KeyAlgorithm == TestKeyAlgorithm.Rsa2048
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature;

    private static void AddSubjectAlternativeNames(Collection<X509Extension> extensions, TestCertificateOptions options)
    {
        if (options.DnsNames.Count == 0 && options.IpAddresses.Count == 0)
        {
            return;
        }

        var builder = new SubjectAlternativeNameBuilder();
        foreach (var dns in options.DnsNames)
        {
            builder.AddDnsName(dns);
        }

        foreach (var ip in options.IpAddresses)
        {
            builder.AddIpAddress(ip);
        }

        extensions.Add(builder.Build());
    }
}
