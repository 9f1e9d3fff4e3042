using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Cms;

/// <summary>
/// "Degenerate" certs-only CMS SignedData (RFC 5652 §5, no signers), the form of <c>cert-data</c>,
/// <c>trust-anchor</c> and RFC 8572 certificate bags, as <c>openssl crl2pkcs7 -nocrl -outform DER</c> makes.
/// </summary>
public static class CmsCertificates
{
    /// <summary>Reads the certificates of a DER ContentInfo holding SignedData.</summary>
    /// <exception cref="CryptographicException">The input is not a ContentInfo holding SignedData.</exception>
    public static X509Certificate2Collection Decode(byte[] der) =>
        TryDecode(der, out var certificates, out var error) ? certificates : throw new CryptographicException(error);

    /// <summary>Reads the certificates of a DER ContentInfo holding SignedData, or says why it cannot.</summary>
    public static bool TryDecode(
        byte[] der,
        [NotNullWhen(true)] out X509Certificate2Collection? certificates,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(der);
        certificates = null;
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.BER);
            var contentType = reader.ReadSequence().ReadObjectIdentifier();
            if (reader.HasData)
            {
                error = "trailing data after the ContentInfo";
                return false;
            }

            if (contentType != CmsOids.SignedData)
            {
                error = $"the ContentInfo content type is {contentType}, not id-signedData ({CmsOids.SignedData})";
                return false;
            }

            var cms = new SignedCms();
            cms.Decode(der);
            certificates = cms.Certificates;
            error = null;
            return true;
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Encodes a degenerate SignedData: version 1, no digest algorithms, encapsulated content type id-data
    /// without content, the certificates in the given order, no CRLs and no signers.
    /// </summary>
    public static byte[] CreateDegenerate(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                writer.PushSetOf();
                writer.PopSetOf();
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(CmsOids.Data);
                }

                // [0] IMPLICIT CertificateSet, written in the caller's order as OpenSSL does.
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    foreach (var certificate in certificates)
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                writer.PushSetOf();
                writer.PopSetOf();
            }
        }

        return writer.Encode();
    }
}
