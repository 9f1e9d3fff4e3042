using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Tests.Vouchers;

namespace Sztpd.Pki.Tests.Cms;

public sealed class OwnerCertificateCmsTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    [Fact]
    public void Encode_Output_IsDegenerateSignedDataOwnerFirst()
    {
        var cms = new SignedCms();
        cms.Decode(fixture.Owner.OwnerCertificateArtifact);

        Assert.Empty(cms.SignerInfos);
        Assert.Equal(
            [fixture.Owner.Owner.Certificate.Thumbprint, fixture.Owner.Intermediate.Certificate.Thumbprint],
            cms.Certificates.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Decode_ChainInAnyOrder_ReturnsOwnerCertificateFirstThenIssuersUpward()
    {
        var owner = fixture.Owner;
        var der = CmsCertificates.CreateDegenerate([owner.Root.Certificate, owner.Owner.Certificate, owner.Intermediate.Certificate]);

        var chain = OwnerCertificateCms.Decode(der);

        Assert.Equal(
            [owner.Owner.Certificate.Thumbprint, owner.Intermediate.Certificate.Thumbprint, owner.Root.Certificate.Thumbprint],
            chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Decode_SelfSignedOwnerCertificate_ReturnsIt()
    {
        var chain = OwnerCertificateCms.Decode(OwnerCertificateCms.Encode(fixture.SelfSignedOwner.Certificate, []));

        Assert.Equal(fixture.SelfSignedOwner.Certificate.Thumbprint, Assert.Single(chain).Thumbprint);
    }

    [Fact]
    public void TryDecode_TwoOwnerCertificates_ReturnsError()
    {
        var der = CmsCertificates.CreateDegenerate([fixture.Owner.Owner.Certificate, fixture.OtherOwner.Owner.Certificate]);

        Assert.False(OwnerCertificateCms.TryDecode(der, out var chain, out var error));
        Assert.Null(chain);
        Assert.Contains("2 end certificates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_CertificateOffTheChain_ReturnsError()
    {
        var der = CmsCertificates.CreateDegenerate(
            [fixture.Owner.Owner.Certificate, fixture.Owner.Intermediate.Certificate, fixture.OtherOwner.Root.Certificate]);

        Assert.False(OwnerCertificateCms.TryDecode(der, out _, out var error));
        Assert.Contains("end certificates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Empty_ReturnsError()
    {
        Assert.False(OwnerCertificateCms.TryDecode(CmsCertificates.CreateDegenerate([]), out _, out var error));
        Assert.Contains("no certificates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Garbage_ThrowsCryptographicException()
    {
        Assert.Throws<CryptographicException>(() => OwnerCertificateCms.Decode([1, 2, 3]));
    }
}
