using System.Text;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Tests.Vouchers;
using Sztpd.Pki.Vouchers;
using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Cms;

/// <summary>The real <c>openssl cms</c> as an independent check of RFC 8572 signed conveyed information.</summary>
public sealed class ConveyedInformationCmsOpenSslTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        "{\"ietf-sztp-conveyed-info:onboarding-information\":{\"boot-image\":{\"download-uri\":[\"https://x/\"]}}}\r\n\u00e9");

    [Theory]
    [InlineData("ec")]
    [InlineData("rsa")]
    [InlineData("p384")]
    public void Sign_VerifiedByOpenSslCmsToTheOwnerRoot_OutputsTheExactPayload(string ownerName)
    {
        OpenSsl.SkipIfMissing();
        var owner = Owner(ownerName);
        using var directory = new TempDirectory();
        var signed = directory.WriteBytes("signed.cms", owner.Sign(Payload));
        // openssl cms -verify builds chains only from the certificates inside the CMS (none here), so the owner's
        // CA certificates go in -CAfile and the owner certificate in -certfile.
        var cas = directory.WriteText("owner-cas.pem", TestPki.Pem(owner.Root, owner.Intermediate));
        var ownerCertificate = directory.WriteText("owner.pem", owner.Owner.CertificatePem);
        var output = directory.Combine("payload.out");

        var (exitCode, _, error) = OpenSsl.Run(
        [
            "cms", "-verify", "-inform", "DER", "-in", signed, "-binary", "-CAfile", cas, "-certfile", ownerCertificate,
            "-purpose", "any", "-out", output,
        ]);

        Assert.True(exitCode == 0, error);
        Assert.Contains("Verification successful", error, StringComparison.Ordinal);
        Assert.Equal(Payload, File.ReadAllBytes(output));
    }

    [Fact]
    public void Sign_CheckedByOpenSslWithAnotherOwnersCertificate_Fails()
    {
        OpenSsl.SkipIfMissing();
        using var directory = new TempDirectory();
        var signed = directory.WriteBytes("signed.cms", fixture.Owner.Sign(Payload));
        var other = directory.WriteText("other.pem", fixture.OtherOwner.Owner.CertificatePem);

        var (exitCode, _, _) = OpenSsl.Run(
            ["cms", "-verify", "-inform", "DER", "-in", signed, "-binary", "-noverify", "-certfile", other, "-out", directory.Combine("x")]);

        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void Sign_PrintedByOpenSsl_HasTheSztpContentTypeAndNoCertificates()
    {
        OpenSsl.SkipIfMissing();
        using var directory = new TempDirectory();
        var signed = directory.WriteBytes("signed.cms", fixture.Owner.Sign(Payload));

        var (exitCode, output, error) = OpenSsl.Run(["cms", "-cmsout", "-print", "-inform", "DER", "-in", signed]);

        Assert.True(exitCode == 0, error);
        Assert.Contains("eContentType: undefined (1.2.840.113549.1.9.16.1.43)", output, StringComparison.Ordinal);
        Assert.Contains("certificates:\n      <ABSENT>", output, StringComparison.Ordinal);
        Assert.Contains("d.issuerAndSerialNumber", output, StringComparison.Ordinal);
        Assert.Contains("algorithm: sha256 (2.16.840.1.101.3.4.2.1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SignedByOpenSsl_AcceptedBySignedDataVerifier()
    {
        OpenSsl.SkipIfMissing();
        var owner = fixture.Owner;
        using var directory = new TempDirectory();
        var payload = directory.WriteBytes("payload.json", Payload);
        var (certificate, key) = owner.Owner.WritePem(directory, "owner");
        var signed = directory.Combine("signed.cms");

        var (exitCode, _, error) = OpenSsl.Run(
        [
            "cms", "-sign", "-binary", "-nodetach", "-nocerts", "-md", "sha256", "-econtent_type", CmsOids.SztpConveyedInfoJson,
            "-signer", certificate, "-inkey", key, "-in", payload, "-outform", "DER", "-out", signed,
        ]);
        Assert.True(exitCode == 0, error);

        var result = SignedDataVerifier.Verify(
            File.ReadAllBytes(signed), owner.OwnerCertificateArtifact, fixture.Voucher(), fixture.Manufacturer.TrustAnchors,
            VoucherFixture.SerialNumber, null, VoucherFixture.Now);

        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(ConveyedInformationEncoding.Json, result.Encoding);
        Assert.Equal(Payload, result.Payload);
    }

    private TestOwner Owner(string name) => name switch
    {
        "rsa" => fixture.RsaOwner,
        "p384" => fixture.P384Owner,
        _ => fixture.Owner,
    };
}
