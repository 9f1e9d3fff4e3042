using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;
using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Vouchers;

/// <summary>The real <c>openssl cms</c> as an independent check of RFC 8366 voucher artifacts.</summary>
public sealed class OwnershipVoucherOpenSslTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    [Fact]
    public void Create_VerifiedByOpenSslToTheManufacturerRoot_OutputsTheVoucherJson()
    {
        OpenSsl.SkipIfMissing();
        using var directory = new TempDirectory();
        var voucher = fixture.Voucher(nonce: [1, 2, 3, 4, 5, 6, 7, 8]);
        var path = directory.WriteBytes("voucher.vcj", voucher);
        var root = directory.WriteText("manufacturer-root.pem", fixture.Manufacturer.Root.CertificatePem);
        var output = directory.Combine("voucher.json");

        var (exitCode, _, error) = OpenSsl.Run(
            ["cms", "-verify", "-inform", "DER", "-in", path, "-binary", "-CAfile", root, "-purpose", "any", "-out", output]);

        Assert.True(exitCode == 0, error);
        var json = OwnershipVoucher.ParseJson(File.ReadAllBytes(output));
        Assert.Equal(VoucherFixture.SerialNumber, json.SerialNumber);
        Assert.Equal(fixture.Owner.Root.Certificate.RawData, json.PinnedDomainCert.RawData);
        Assert.True(OwnershipVoucherCms.TryDecode(voucher, out var decoded, out _));
        Assert.Equal(decoded.ToJson(), File.ReadAllBytes(output));
    }

    [Fact]
    public void Create_CheckedByOpenSslAgainstAnotherManufacturerRoot_Fails()
    {
        OpenSsl.SkipIfMissing();
        using var directory = new TempDirectory();
        var path = directory.WriteBytes("voucher.vcj", fixture.Voucher());
        var root = directory.WriteText("other-root.pem", fixture.OtherManufacturer.Root.CertificatePem);

        var (exitCode, _, error) = OpenSsl.Run(
            ["cms", "-verify", "-inform", "DER", "-in", path, "-binary", "-CAfile", root, "-purpose", "any", "-out", directory.Combine("x")]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("certificate verify error", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SignedByOpenSsl_AcceptedByOwnershipVoucherValidator()
    {
        OpenSsl.SkipIfMissing();
        var manufacturer = fixture.Manufacturer;
        using var directory = new TempDirectory();
        var json = directory.WriteBytes("voucher.json", new OwnershipVoucher
        {
            CreatedOn = VoucherFixture.Now.AddDays(-1),
            ExpiresOn = VoucherFixture.Now.AddDays(1),
            Assertion = VoucherAssertion.Logged,
            SerialNumber = VoucherFixture.SerialNumber,
            PinnedDomainCert = fixture.Owner.Root.Certificate,
        }.ToJson());
        var (certificate, key) = manufacturer.Signer.WritePem(directory, "masa");
        var intermediate = directory.WriteText("intermediate.pem", TestPki.Pem(manufacturer.Intermediate));
        var signed = directory.Combine("voucher.vcj");

        var (exitCode, _, error) = OpenSsl.Run(
        [
            "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-econtent_type", CmsOids.AnimaJsonVoucher,
            "-signer", certificate, "-inkey", key, "-certfile", intermediate, "-in", json, "-outform", "DER", "-out", signed,
        ]);
        Assert.True(exitCode == 0, error);

        Assert.Null(OwnershipVoucherValidator.Validate(
            File.ReadAllBytes(signed), manufacturer.TrustAnchors, VoucherFixture.SerialNumber, fixture.Owner.Chain, VoucherFixture.Now));
    }
}
