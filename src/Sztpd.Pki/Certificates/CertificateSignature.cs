using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Certificates;

/// <summary>
/// Checks that one certificate's signature verifies with another certificate's public key. X509Chain cannot
/// do this when the trusted certificate is not self-signed (an RFC 8366 <c>pinned-domain-cert</c> may be any
/// certificate).
/// </summary>
internal static class CertificateSignature
{
    /// <summary>True when <paramref name="issuer"/>'s key verifies the signature on <paramref name="subject"/>.</summary>
    public static bool IsSignedBy(X509Certificate2 subject, X509Certificate2 issuer)
    {
        try
        {
            var reader = new AsnReader(subject.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbsCertificate = reader.ReadEncodedValue();
            var algorithm = reader.ReadSequence().ReadObjectIdentifier();
            var signature = reader.ReadBitString(out _);
            return algorithm switch
            {
                "1.2.840.10045.4.3.2" => VerifyEcdsa(issuer, tbsCertificate, signature, HashAlgorithmName.SHA256),
                "1.2.840.10045.4.3.3" => VerifyEcdsa(issuer, tbsCertificate, signature, HashAlgorithmName.SHA384),
                "1.2.840.10045.4.3.4" => VerifyEcdsa(issuer, tbsCertificate, signature, HashAlgorithmName.SHA512),
                "1.2.840.113549.1.1.11" => VerifyRsa(issuer, tbsCertificate, signature, HashAlgorithmName.SHA256),
                "1.2.840.113549.1.1.12" => VerifyRsa(issuer, tbsCertificate, signature, HashAlgorithmName.SHA384),
                "1.2.840.113549.1.1.13" => VerifyRsa(issuer, tbsCertificate, signature, HashAlgorithmName.SHA512),
                _ => false,
            };
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            return false;
        }
    }

    private static bool VerifyEcdsa(X509Certificate2 issuer, ReadOnlyMemory<byte> data, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.GetECDsaPublicKey();
        return key is not null && key.VerifyData(data.Span, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static bool VerifyRsa(X509Certificate2 issuer, ReadOnlyMemory<byte> data, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.GetRSAPublicKey();
        return key is not null && key.VerifyData(data.Span, signature, hash, RSASignaturePadding.Pkcs1);
    }
}
