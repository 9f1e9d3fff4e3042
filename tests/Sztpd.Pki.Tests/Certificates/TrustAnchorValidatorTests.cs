using Sztpd.Pki.Certificates;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Certificates;

public sealed class TrustAnchorValidatorTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private const string Path = "/wn-sztpd-1:truststore/certificate-bags/certificate-bag=b/certificate=c";

    [Fact]
    public void Validate_OpiClientTa_ReturnsNull()
    {
        Assert.Null(TrustAnchorValidator.Validate(Convert.FromBase64String(fixture.Opi.ClientCertTaB64)));
    }

    [Fact]
    public void Validate_RootOnly_ReturnsNull()
    {
        Assert.Null(TrustAnchorValidator.Validate(TestPki.Cms(fixture.Opi.SbiRoot)));
    }

    [Fact]
    public void Validate_ChainWithEndEntityInAnyOrder_ReturnsNull()
    {
        var opi = fixture.Opi;
        var cms = TestPki.Cms(opi.SbiEndEntity, opi.SbiIntermediate1, opi.SbiRoot, opi.SbiIntermediate2);

        Assert.Null(TrustAnchorValidator.Validate(cms));
    }

    [Fact]
    public void Validate_NoSelfSignedCertificate_ReturnsRootError()
    {
        var opi = fixture.Opi;

        var error = TrustAnchorValidator.Validate(TestPki.Cms(opi.SbiIntermediate1, opi.SbiIntermediate2), Path);

        Assert.Equal("Trust anchor certificates must encode a root (self-signed) certificate: " + Path, error);
    }

    [Fact]
    public void Validate_TwoRoots_ReturnsNoMoreThanOneRootError()
    {
        var error = TrustAnchorValidator.Validate(TestPki.Cms(fixture.Opi.SbiRoot, fixture.Opi.ClientRoot), Path);

        Assert.Equal("Trust anchor certificates must encode no more than one root (self-signed) certificate (2 found): " + Path, error);
    }

    [Fact]
    public void Validate_TwoCertificatesIssuedByRoot_ReturnsSingleChainError()
    {
        var pki = new TestPki(PkiFixture.Now);
        using var root = pki.CreateRoot("CN=fork-root");
        using var a = root.IssueIntermediate("CN=fork-a");
        using var b = root.IssueIntermediate("CN=fork-b");

        var error = TrustAnchorValidator.Validate(TestPki.Cms(root, a, b));

        Assert.Equal(
            "Trust anchor certificates must encode a single chain of certificates.  Found 2 certificates issued by \"<Name(CN=fork-root)>\".",
            error);
    }

    [Fact]
    public void Validate_CertificateFromOtherHierarchy_ReturnsSuperfluousError()
    {
        var opi = fixture.Opi;

        var error = TrustAnchorValidator.Validate(TestPki.Cms(opi.SbiRoot, opi.SbiIntermediate1, opi.ClientIntermediate2), Path);

        Assert.Equal(
            "Trust anchor certificates must not encode superfluous certificates.  Discovered additional certificates while "
            + "looking for the issuer of \"<Name(CN=sbi-intermediate1,O=Sztpd Test)>\": " + Path,
            error);
    }

    [Fact]
    public void Validate_Garbage_ReturnsParseError()
    {
        var error = TrustAnchorValidator.Validate([0x30, 0x03, 0x06, 0x01, 0x00], Path);

        Assert.StartsWith("Parsing trust anchor certificate CMS structure failed for " + Path + " (", error, StringComparison.Ordinal);
    }
}
