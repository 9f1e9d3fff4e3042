using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Certificates;

/// <summary>
/// Issues an end-entity certificate for a PKCS #10 request (RFC 9646 <c>p10-csr</c>): the request's signature must
/// verify with its own public key (proof of possession, RFC 9646 §4.2.1); the certificate keeps the request's subject
/// and key, and gets only the issuer's extensions (requested extensions are ignored): basicConstraints cA FALSE, key
/// usage, clientAuth and serverAuth, subject and authority key identifiers.
/// </summary>
public static class CsrIssuer
{
    private const string RsaOid = "1.2.840.113549.1.1.1";

    /// <summary>The certificate (without private key), or null with <paramref name="error"/> saying why.</summary>
    public static X509Certificate2? Issue(
        byte[] p10, X509Certificate2 caCertificate, AsymmetricAlgorithm caKey, DateTimeOffset now, int validityDays, out string? error, string? crlUrl = null)
    {
        ArgumentNullException.ThrowIfNull(caCertificate);
        CertificateRequest request;
        try
        {
            request = CertificateRequest.LoadSigningRequest(p10, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException e)
        {
            error = $"The CSR is not a PKCS #10 request whose signature verifies with its public key: {e.Message}";
            return null;
        }

        var usage = request.PublicKey.Oid.Value == RsaOid
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature;
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2"), new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(CertificateIssuer.AuthorityKeyIdentifier(caCertificate));
        if (crlUrl is not null)
        {
            request.CertificateExtensions.Add(RevocationList.DistributionPoint(crlUrl));
        }

        var notAfter = now.AddDays(validityDays) < caCertificate.NotAfter ? now.AddDays(validityDays) : new DateTimeOffset(caCertificate.NotAfter);
        error = null;
        return CertificateIssuer.Sign(request, caCertificate.SubjectName, caKey, now.AddMinutes(-5), notAfter);
    }
}
