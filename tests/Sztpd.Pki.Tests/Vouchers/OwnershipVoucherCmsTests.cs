using System.Security.Cryptography.Pkcs;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Vouchers;

public sealed class OwnershipVoucherCmsTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    private static readonly DateTimeOffset Now = VoucherFixture.Now;

    [Fact]
    public void Sign_Output_IsAnimaJsonVoucherSignedDataCarryingTheSignerChain()
    {
        var manufacturer = fixture.Manufacturer;
        var cms = new SignedCms();
        cms.Decode(fixture.Voucher());

        Assert.Equal(CmsOids.AnimaJsonVoucher, cms.ContentInfo.ContentType.Value);
        // DER sorts the SET OF certificates, so only membership is fixed.
        Assert.Equivalent(
            new[] { manufacturer.Signer.Certificate.Thumbprint, manufacturer.Intermediate.Certificate.Thumbprint, manufacturer.Root.Certificate.Thumbprint },
            cms.Certificates.Select(c => c.Thumbprint).ToArray(),
            strict: true);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(SubjectIdentifierType.IssuerAndSerialNumber, signer.SignerIdentifier.Type);
        Assert.Equal(manufacturer.Signer.Certificate.Thumbprint, signer.Certificate?.Thumbprint);
        Assert.Equal(CmsOids.Sha256, signer.DigestAlgorithm.Value);
    }

    [Fact]
    public void TryDecode_UntrustedVoucher_ReadsWithoutAuthenticating()
    {
        var der = TestVouchers.Create(fixture.OtherManufacturer, "x", fixture.Owner.Root.Certificate, Now, nonce: new byte[8]);

        Assert.True(OwnershipVoucherCms.TryDecode(der, out var voucher, out _));
        Assert.Equal("x", voucher.SerialNumber);
        Assert.Equal(new byte[8], voucher.Nonce);
    }

    [Fact]
    public void TryVerify_Trusted_ReturnsTheVoucher()
    {
        Assert.True(OwnershipVoucherCms.TryVerify(fixture.Voucher(), fixture.Manufacturer.TrustAnchors, Now, out var voucher, out var error));
        Assert.Null(error);
        Assert.Equal(VoucherFixture.SerialNumber, voucher.SerialNumber);
    }

    [Fact]
    public void TryVerify_RsaSigner_ReturnsTheVoucher()
    {
        using var manufacturer = new TestVoucherSigner(new TestPki(Now), "rsa-manufacturer", TestKeyAlgorithm.Rsa2048);
        var der = TestVouchers.Create(manufacturer, "x", fixture.Owner.Root.Certificate, Now);

        Assert.True(OwnershipVoucherCms.TryVerify(der, manufacturer.TrustAnchors, Now, out _, out var error), error);
    }

    [Fact]
    public void TryVerify_IntermediateNotCarried_SaysSignerDoesNotChain()
    {
        var manufacturer = fixture.Manufacturer;
        var der = OwnershipVoucherCms.Sign(
            new byte[] { (byte)'{', (byte)'}' }, manufacturer.Signer.Certificate, manufacturer.Signer.Key, [manufacturer.Signer.Certificate]);

        Assert.False(OwnershipVoucherCms.TryVerify(der, manufacturer.TrustAnchors, Now, out _, out var error));
        Assert.Contains("does not chain to the manufacturer trust anchors", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryVerify_SignerCertificateNotCarried_SaysItIsMissing()
    {
        var manufacturer = fixture.Manufacturer;
        var der = OwnershipVoucherCms.Sign("{}"u8.ToArray(), manufacturer.Signer.Certificate, manufacturer.Signer.Key, []);

        Assert.False(OwnershipVoucherCms.TryVerify(der, manufacturer.TrustAnchors, Now, out _, out var error));
        Assert.Equal("The ownership voucher's signer certificate is neither in the voucher nor a manufacturer trust anchor.", error);
    }

    [Fact]
    public void TryVerify_SignatureRemoved_SaysThereIsNoSigner()
    {
        var cms = new SignedCms();
        cms.Decode(fixture.Voucher());
        cms.RemoveSignature(0);

        Assert.False(OwnershipVoucherCms.TryVerify(cms.Encode(), fixture.Manufacturer.TrustAnchors, Now, out _, out var error));
        Assert.Equal("The ownership voucher has no signer.", error);
    }

    [Fact]
    public void TryVerify_CertificateBag_SaysThereIsNoContent()
    {
        Assert.False(OwnershipVoucherCms.TryVerify(
            fixture.Owner.OwnerCertificateArtifact, fixture.Manufacturer.TrustAnchors, Now, out _, out var error));
        Assert.Contains("no content", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryVerify_UnsignedConveyedInformation_NamesTheContentType()
    {
        var der = ConveyedInformationCms.Encode([1], xml: false);

        Assert.False(OwnershipVoucherCms.TryVerify(der, fixture.Manufacturer.TrustAnchors, Now, out _, out var error));
        Assert.Equal("The ownership voucher's content type is 1.2.840.113549.1.9.16.1.43, not id-signedData.", error);
    }
}
