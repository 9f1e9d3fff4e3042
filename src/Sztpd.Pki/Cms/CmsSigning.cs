using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Keys;

namespace Sztpd.Pki.Cms;

/// <summary>
/// Makes CMS SignedData with attached content: SHA-256, one signer identified by issuer and serial number, ECDSA or
/// RSA PKCS #1 v1.5 signatures, signed attributes (content type and message digest, as RFC 5652 §5.3 requires for
/// content types other than id-data).
/// </summary>
internal static class CmsSigning
{
    public static byte[] Sign(
        string contentType,
        byte[] content,
        X509Certificate2 signerCertificate,
        AsymmetricAlgorithm signerKey,
        IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(signerCertificate);
        ArgumentNullException.ThrowIfNull(signerKey);
        ArgumentNullException.ThrowIfNull(certificates);
        if (!KeyMatches(signerCertificate, signerKey))
        {
            throw new ArgumentException("The signing key does not match the signer certificate's public key.", nameof(signerKey));
        }

        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signerCertificate, signerKey)
        {
            DigestAlgorithm = new Oid(CmsOids.Sha256),
            IncludeOption = X509IncludeOption.None,
        };
        if (signerKey is RSA)
        {
            signer.SignaturePadding = RSASignaturePadding.Pkcs1;
        }

        signer.Certificates.AddRange(certificates.ToArray());
        var cms = new SignedCms(new ContentInfo(new Oid(contentType), content), detached: false);
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    private static bool KeyMatches(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case ECDsa ec:
                using (var certificateKey = certificate.GetECDsaPublicKey())
                {
                    return certificateKey is not null && PublicKeys.Equal(ec, certificateKey);
                }

            case RSA rsa:
                using (var certificateKey = certificate.GetRSAPublicKey())
                {
                    return certificateKey is not null && PublicKeys.Equal(rsa, certificateKey);
                }

            default:
                throw new ArgumentException($"Signing with a {key.GetType().Name} key is not supported; use ECDSA or RSA.", nameof(key));
        }
    }
}
