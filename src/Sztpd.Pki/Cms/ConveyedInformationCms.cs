using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Cms;

/// <summary>
/// The conveyed information artifact of RFC 8572 §3.1: a DER ContentInfo whose content is the
/// <c>conveyed-information</c> data, either unsigned (content type id-ct-sztpConveyedInfoJSON/XML) or signed
/// (id-signedData with that eContentType). Encrypted (id-envelopedData) artifacts are not supported.
/// </summary>
public static class ConveyedInformationCms
{
    private static readonly Asn1Tag ExplicitContent = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>
    /// Encodes unsigned conveyed information: ContentInfo { id-ct-sztpConveyedInfoJSON (or XML when
    /// <paramref name="xml"/>), [0] EXPLICIT OCTET STRING <paramref name="payload"/> } in DER.
    /// </summary>
    public static byte[] Encode(byte[] payload, bool xml)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(ContentType(xml));
            using (writer.PushSequence(ExplicitContent))
            {
                writer.WriteOctetString(payload);
            }
        }

        return writer.Encode();
    }

    /// <summary>
    /// Encodes signed conveyed information: SignedData with the payload attached under eContentType
    /// id-ct-sztpConveyedInfoJSON (or XML), SHA-256, one signer identified by the owner certificate's issuer and
    /// serial number, ECDSA or RSA PKCS #1 v1.5. No certificates are included: the owner certificate artifact
    /// (RFC 8572 §3.2) carries them.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not ECDSA or RSA, or does not match the certificate.</exception>
    public static byte[] Sign(byte[] payload, bool xml, X509Certificate2 ownerCertificate, AsymmetricAlgorithm ownerKey) =>
        Sign(payload, xml, ownerCertificate, ownerKey, []);

    /// <summary>
    /// As <see cref="Sign(byte[], bool, X509Certificate2, AsymmetricAlgorithm)"/>, with <paramref name="certificates"/>
    /// (typically the owner certificate, or it and its intermediates) in the SignedData's <c>certificates</c> field, for
    /// devices that look for the signer there.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not ECDSA or RSA, or does not match the certificate.</exception>
    public static byte[] Sign(byte[] payload, bool xml, X509Certificate2 ownerCertificate, AsymmetricAlgorithm ownerKey, IEnumerable<X509Certificate2> certificates) =>
        CmsSigning.Sign(ContentType(xml), payload, ownerCertificate, ownerKey, certificates);

    /// <summary>
    /// Reads either form (and id-data content, whose encoding is communicated externally). Does not verify a
    /// signature: see <see cref="Vouchers.SignedDataVerifier"/>.
    /// </summary>
    /// <exception cref="CryptographicException">The input is not a conveyed information artifact.</exception>
    public static ConveyedInformationContent Decode(byte[] der) =>
        TryDecode(der, out var content, out var error) ? content : throw new CryptographicException(error);

    /// <summary>Reads either form, or says in one sentence why it cannot.</summary>
    public static bool TryDecode(
        byte[] der,
        [NotNullWhen(true)] out ConveyedInformationContent? content,
        [NotNullWhen(false)] out string? error) =>
        TryDecode(der, out content, out _, out error);

    /// <summary>As <see cref="TryDecode(byte[], out ConveyedInformationContent?, out string?)"/>, keeping the SignedData.</summary>
    internal static bool TryDecode(
        byte[] der,
        [NotNullWhen(true)] out ConveyedInformationContent? content,
        out SignedCms? signedData,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(der);
        content = null;
        signedData = null;
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.BER);
            var contentInfo = reader.ReadSequence();
            if (reader.HasData)
            {
                error = "The conveyed information has trailing data after the ContentInfo.";
                return false;
            }

            var contentType = contentInfo.ReadObjectIdentifier();
            if (IsConveyedInformationType(contentType))
            {
                var explicitContent = contentInfo.ReadSequence(ExplicitContent);
                var payload = explicitContent.ReadOctetString();
                explicitContent.ThrowIfNotEmpty();
                contentInfo.ThrowIfNotEmpty();
                content = new ConveyedInformationContent { ContentType = contentType, Payload = payload, IsSigned = false };
                error = null;
                return true;
            }

            if (contentType == CmsOids.SignedData)
            {
                return TryDecodeSigned(der, out content, out signedData, out error);
            }

            error = contentType == CmsOids.EnvelopedData
                ? "Encrypted conveyed information (id-envelopedData) is not supported."
                : $"The conveyed information's content type is {contentType}, not id-ct-sztpConveyedInfoJSON, "
                    + "id-ct-sztpConveyedInfoXML, id-data or id-signedData.";
            return false;
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            error = $"The conveyed information is not a DER ContentInfo ({e.Message}).";
            return false;
        }
    }

    private static bool TryDecodeSigned(
        byte[] der,
        [NotNullWhen(true)] out ConveyedInformationContent? content,
        out SignedCms? signedData,
        [NotNullWhen(false)] out string? error)
    {
        content = null;
        signedData = new SignedCms();
        signedData.Decode(der);
        var contentType = signedData.ContentInfo.ContentType.Value ?? string.Empty;
        error = !IsConveyedInformationType(contentType)
            ? $"The signed conveyed information's eContentType is {contentType}, not id-ct-sztpConveyedInfoJSON, "
                + "id-ct-sztpConveyedInfoXML or id-data."
            : !EncapsulatedContent.IsPresent(der) ? "The signed conveyed information carries no content (a detached signature)."
            : signedData.SignerInfos.Count == 0 ? "The signed conveyed information has no signer."
            : null;
        if (error is not null)
        {
            signedData = null;
            return false;
        }

        content = new ConveyedInformationContent
        {
            ContentType = contentType,
            Payload = signedData.ContentInfo.Content,
            IsSigned = true,
        };
        return true;
    }

    private static string ContentType(bool xml) => xml ? CmsOids.SztpConveyedInfoXml : CmsOids.SztpConveyedInfoJson;

    private static bool IsConveyedInformationType(string contentType) =>
        contentType is CmsOids.SztpConveyedInfoJson or CmsOids.SztpConveyedInfoXml or CmsOids.Data;
}
