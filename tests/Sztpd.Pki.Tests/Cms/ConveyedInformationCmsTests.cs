using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Tests.Vouchers;

namespace Sztpd.Pki.Tests.Cms;

public sealed class ConveyedInformationCmsTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        "{\"ietf-sztp-conveyed-info:onboarding-information\":{\"configuration-handling\":\"merge\"}}");

    [Fact]
    public void Encode_Json_IsDerContentInfoWithExplicitOctetString()
    {
        var der = ConveyedInformationCms.Encode(Payload, xml: false);

        var contentInfo = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(CmsOids.SztpConveyedInfoJson, contentInfo.ReadObjectIdentifier());
        var content = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        Assert.Equal(Payload, content.ReadOctetString());
        Assert.False(content.HasData);
        Assert.False(contentInfo.HasData);
    }

    [Theory]
    [InlineData(false, CmsOids.SztpConveyedInfoJson, ConveyedInformationEncoding.Json)]
    [InlineData(true, CmsOids.SztpConveyedInfoXml, ConveyedInformationEncoding.Xml)]
    public void Encode_Decode_RoundTripsUnsigned(bool xml, string contentType, ConveyedInformationEncoding encoding)
    {
        var content = ConveyedInformationCms.Decode(ConveyedInformationCms.Encode(Payload, xml));

        Assert.Equal(contentType, content.ContentType);
        Assert.Equal(encoding, content.Encoding);
        Assert.Equal(Payload, content.Payload);
        Assert.False(content.IsSigned);
    }

    [Fact]
    public void Encode_EmptyPayload_RoundTrips()
    {
        Assert.Empty(ConveyedInformationCms.Decode(ConveyedInformationCms.Encode([], xml: false)).Payload);
    }

    [Theory]
    [InlineData(false, CmsOids.SztpConveyedInfoJson)]
    [InlineData(true, CmsOids.SztpConveyedInfoXml)]
    public void Sign_Decode_RoundTripsSigned(bool xml, string contentType)
    {
        var content = ConveyedInformationCms.Decode(fixture.Owner.Sign(Payload, xml));

        Assert.Equal(contentType, content.ContentType);
        Assert.Equal(Payload, content.Payload);
        Assert.True(content.IsSigned);
    }

    [Fact]
    public void Sign_Output_IsSha256IssuerSerialSignedDataWithoutCertificates()
    {
        var cms = new SignedCms();
        cms.Decode(fixture.Owner.Sign(Payload));

        Assert.Equal(CmsOids.SztpConveyedInfoJson, cms.ContentInfo.ContentType.Value);
        Assert.False(cms.Detached);
        Assert.Empty(cms.Certificates);
        Assert.Equal(3, cms.Version);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(SubjectIdentifierType.IssuerAndSerialNumber, signer.SignerIdentifier.Type);
        Assert.Equal(CmsOids.Sha256, signer.DigestAlgorithm.Value);
        Assert.Equal("1.2.840.10045.4.3.2", signer.SignatureAlgorithm.Value);
        signer.CheckSignature([fixture.Owner.Owner.Certificate], verifySignatureOnly: true);
    }

    [Fact]
    public void Sign_Rsa_UsesPkcs1v15AndVerifies()
    {
        var cms = new SignedCms();
        cms.Decode(fixture.RsaOwner.Sign(Payload));

        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal("1.2.840.113549.1.1.1", signer.SignatureAlgorithm.Value);
        signer.CheckSignature([fixture.RsaOwner.Owner.Certificate], verifySignatureOnly: true);
    }

    [Fact]
    public void Sign_EcP384_Verifies()
    {
        var cms = new SignedCms();
        cms.Decode(fixture.P384Owner.Sign(Payload));

        Assert.Single(cms.SignerInfos.Cast<SignerInfo>()).CheckSignature([fixture.P384Owner.Owner.Certificate], verifySignatureOnly: true);
    }

    [Fact]
    public void Sign_KeyOfAnotherCertificate_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() =>
            ConveyedInformationCms.Sign(Payload, false, fixture.Owner.Owner.Certificate, fixture.OtherOwner.Owner.Key));
    }

    [Fact]
    public void Decode_IdDataContent_IsUnsignedWithUnspecifiedEncoding()
    {
        var content = ConveyedInformationCms.Decode(ContentInfo(CmsOids.Data, w => w.WriteOctetString(Payload)));

        Assert.Equal(ConveyedInformationEncoding.Unspecified, content.Encoding);
        Assert.Equal(Payload, content.Payload);
    }

    [Fact]
    public void TryDecode_EnvelopedData_SaysEncryptionIsNotSupported()
    {
        var der = ContentInfo(CmsOids.EnvelopedData, w => w.WriteOctetString([1]));

        Assert.False(ConveyedInformationCms.TryDecode(der, out var content, out var error));
        Assert.Null(content);
        Assert.Contains("not supported", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_OtherContentType_NamesIt()
    {
        Assert.False(ConveyedInformationCms.TryDecode(ContentInfo("1.2.3.4", w => w.WriteNull()), out _, out var error));
        Assert.Contains("1.2.3.4", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_SignedVoucher_RejectsItsEContentType()
    {
        Assert.False(ConveyedInformationCms.TryDecode(fixture.Voucher(), out _, out var error));
        Assert.Contains(CmsOids.AnimaJsonVoucher, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_DegenerateSignedData_RejectsMissingContent()
    {
        Assert.False(ConveyedInformationCms.TryDecode(fixture.Owner.OwnerCertificateArtifact, out _, out var error));
        Assert.Contains("no content", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TrailingData_ReturnsError()
    {
        byte[] der = [.. ConveyedInformationCms.Encode(Payload, false), 0];

        Assert.False(ConveyedInformationCms.TryDecode(der, out _, out var error));
        Assert.Contains("trailing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Garbage_ThrowsCryptographicException()
    {
        Assert.Throws<CryptographicException>(() => ConveyedInformationCms.Decode([0x30, 0x03, 0x02, 0x01]));
    }

    private static byte[] ContentInfo(string contentType, Action<AsnWriter> writeContent)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(contentType);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writeContent(writer);
            }
        }

        return writer.Encode();
    }
}
