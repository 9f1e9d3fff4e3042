using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Vouchers;

public sealed class SignedDataVerifierTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        "{\"ietf-sztp-conveyed-info:redirect-information\":{\"bootstrap-server\":[{\"address\":\"sztp.example\"}]}}");

    [Fact]
    public void Verify_Unsigned_ReturnsPayloadAsUnsigned()
    {
        var result = Verify(ConveyedInformationCms.Encode(Payload, xml: false), null, null);

        Assert.True(result.IsValid);
        Assert.False(result.IsSigned);
        Assert.Equal(Payload, result.Payload);
        Assert.Equal(ConveyedInformationEncoding.Json, result.Encoding);
        Assert.Null(result.OwnershipVoucher);
    }

    [Theory]
    [InlineData("ec")]
    [InlineData("rsa")]
    [InlineData("p384")]
    public void Verify_SignedPinnedAndVouched_ReturnsPayloadAsSigned(string ownerName)
    {
        var owner = Owner(ownerName);
        var voucher = fixture.Voucher(owner.Root.Certificate);

        var result = Verify(owner.Sign(Payload), owner.OwnerCertificateArtifact, voucher);

        Assert.True(result.IsValid, result.Failure);
        Assert.True(result.IsSigned);
        Assert.Equal(Payload, result.Payload);
        Assert.Equal(ConveyedInformationEncoding.Json, result.Encoding);
        Assert.Equal(VoucherFixture.SerialNumber, result.OwnershipVoucher?.SerialNumber);
    }

    [Fact]
    public void Verify_SignedXml_ReportsXml()
    {
        var result = Verify(fixture.Owner.Sign("<x/>"u8.ToArray(), xml: true), fixture.Owner.OwnerCertificateArtifact, fixture.Voucher());

        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(ConveyedInformationEncoding.Xml, result.Encoding);
    }

    [Fact]
    public void Verify_SignedByASelfSignedPinnedOwner_ReturnsPayload()
    {
        var owner = fixture.SelfSignedOwner;
        var signed = ConveyedInformationCms.Sign(Payload, false, owner.Certificate, owner.Key);

        var result = Verify(signed, OwnerCertificateCms.Encode(owner.Certificate, []), fixture.Voucher(owner.Certificate));

        Assert.True(result.IsValid, result.Failure);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Verify_SignedWithoutVoucherOrOwnerCertificate_Fails(bool withOwnerCertificate, bool withVoucher)
    {
        var result = Verify(
            fixture.Owner.Sign(Payload),
            withOwnerCertificate ? fixture.Owner.OwnerCertificateArtifact : null,
            withVoucher ? fixture.Voucher() : null);

        Assert.False(result.IsValid);
        Assert.Equal("Signed conveyed information needs an ownership voucher and an owner certificate (RFC 8572 §5.4).", result.Failure);
        Assert.Null(result.Payload);
    }

    [Fact]
    public void Verify_SignedByAnotherKey_SaysSignatureDoesNotVerify()
    {
        var result = Verify(fixture.OtherOwner.Sign(Payload), fixture.Owner.OwnerCertificateArtifact, fixture.Voucher());

        Assert.Equal("The conveyed information's signature does not verify with the owner certificate.", result.Failure);
    }

    [Fact]
    public void Verify_OwnerCertificateNotPinned_Fails()
    {
        var other = fixture.OtherOwner;

        var result = Verify(other.Sign(Payload), other.OwnerCertificateArtifact, fixture.Voucher());

        Assert.Equal("The owner certificate does not chain to the ownership voucher's pinned-domain-cert.", result.Failure);
    }

    [Fact]
    public void Verify_ImpostorCertificateCarriedInTheConveyedInformation_IsNotUsed()
    {
        var owner = fixture.Owner.Owner.Certificate;
        using var impostorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(owner.SubjectName, impostorKey, HashAlgorithmName.SHA256);
        using var impostor = request.Create(
            owner.IssuerName, X509SignatureGenerator.CreateForECDsa(impostorKey), VoucherFixture.Now.AddDays(-1),
            VoucherFixture.Now.AddDays(1), Convert.FromHexString(owner.SerialNumber));
        var cms = new SignedCms(new ContentInfo(new Oid(CmsOids.SztpConveyedInfoJson), Payload));
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, impostor, impostorKey)
        {
            IncludeOption = X509IncludeOption.EndCertOnly,
        });

        var result = Verify(cms.Encode(), fixture.Owner.OwnerCertificateArtifact, fixture.Voucher());

        Assert.Equal("The conveyed information's signature does not verify with the owner certificate.", result.Failure);
    }

    [Fact]
    public void Verify_UntrustedManufacturer_Fails()
    {
        var voucher = TestVouchers.Create(
            fixture.OtherManufacturer, VoucherFixture.SerialNumber, fixture.Owner.Root.Certificate, VoucherFixture.Now.AddHours(-1));

        var result = Verify(fixture.Owner.Sign(Payload), fixture.Owner.OwnerCertificateArtifact, voucher);

        Assert.Contains("does not chain to the manufacturer trust anchors", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_VoucherForAnotherDevice_Fails()
    {
        var voucher = fixture.Voucher(serialNumber: "second-serial-number");

        var result = Verify(fixture.Owner.Sign(Payload), fixture.Owner.OwnerCertificateArtifact, voucher);

        Assert.Equal(
            "The ownership voucher is for serial number \"second-serial-number\", not \"first-serial-number\".", result.Failure);
    }

    [Fact]
    public void Verify_NonceMatches_ReturnsPayload()
    {
        byte[] nonce = [9, 8, 7, 6, 5, 4, 3, 2, 1];

        var result = Verify(fixture.Owner.Sign(Payload), fixture.Owner.OwnerCertificateArtifact, fixture.Voucher(nonce: nonce), nonce);

        Assert.True(result.IsValid, result.Failure);
    }

    [Fact]
    public void Verify_NonceDiffers_Fails()
    {
        var voucher = fixture.Voucher(nonce: [9, 8, 7, 6, 5, 4, 3, 2, 1]);

        var result = Verify(fixture.Owner.Sign(Payload), fixture.Owner.OwnerCertificateArtifact, voucher, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        Assert.Equal("The ownership voucher's nonce differs from the device's nonce.", result.Failure);
    }

    [Fact]
    public void Verify_ExpiredVoucher_Fails()
    {
        var voucher = fixture.Voucher(expiresOn: VoucherFixture.Now.AddMinutes(-1));

        var result = Verify(fixture.Owner.Sign(Payload), fixture.Owner.OwnerCertificateArtifact, voucher);

        Assert.Equal("The ownership voucher expired on 2026-03-01T11:59:00Z.", result.Failure);
    }

    [Fact]
    public void Verify_MalformedOwnerCertificate_Fails()
    {
        var result = Verify(fixture.Owner.Sign(Payload), [0x30, 0x00], fixture.Voucher());

        Assert.StartsWith("The owner certificate is not a CMS certificate bag", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_GarbageConveyedInformation_Fails()
    {
        var result = Verify([1, 2, 3], null, null);

        Assert.False(result.IsValid);
        Assert.StartsWith("The conveyed information is not a DER ContentInfo", result.Failure, StringComparison.Ordinal);
    }

    private TestOwner Owner(string name) => name switch
    {
        "rsa" => fixture.RsaOwner,
        "p384" => fixture.P384Owner,
        _ => fixture.Owner,
    };

    private SignedDataVerification Verify(byte[] conveyedInformation, byte[]? ownerCertificate, byte[]? voucher, byte[]? nonce = null) =>
        SignedDataVerifier.Verify(
            conveyedInformation, ownerCertificate, voucher, fixture.Manufacturer.TrustAnchors, VoucherFixture.SerialNumber, nonce,
            VoucherFixture.Now);
}
