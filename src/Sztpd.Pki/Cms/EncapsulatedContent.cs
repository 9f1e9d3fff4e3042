using System.Formats.Asn1;

namespace Sztpd.Pki.Cms;

/// <summary>Reads the SignedData EncapsulatedContentInfo directly (SignedCms does not say whether eContent is absent).</summary>
internal static class EncapsulatedContent
{
    /// <summary>True when the ContentInfo's SignedData carries eContent (is not detached or certs-only).</summary>
    /// <exception cref="AsnContentException">The input is not ContentInfo holding SignedData.</exception>
    public static bool IsPresent(byte[] contentInfoDer)
    {
        var contentInfo = new AsnReader(contentInfoDer, AsnEncodingRules.BER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        var signedData = contentInfo
            .ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))
            .ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        var encapsulated = signedData.ReadSequence();
        encapsulated.ReadObjectIdentifier();
        return encapsulated.HasData;
    }
}
