using Sztpd.Pki.Certificates;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Certificates;

public sealed class EndEntityCertificateValidatorTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private const string Path = "/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=sbi/certificates/certificate=sbi";

    [Fact]
    public void Validate_OpiEeCertWithMatchingKey_ReturnsNull()
    {
        var opi = fixture.Opi;

        Assert.Null(EndEntityCertificateValidator.Validate(Convert.FromBase64String(opi.SbiEeCertB64), opi.SbiEndEntity.SpkiDer));
    }

    [Fact]
    public void Validate_LeafOnly_ReturnsNull()
    {
        Assert.Null(EndEntityCertificateValidator.Validate(TestPki.Cms(fixture.Opi.SbiEndEntity), null));
    }

    [Fact]
    public void Validate_FullChainIncludingRootInAnyOrder_ReturnsNull()
    {
        var opi = fixture.Opi;
        var cms = TestPki.Cms(opi.SbiRoot, opi.SbiIntermediate2, opi.SbiEndEntity, opi.SbiIntermediate1);

        Assert.Null(EndEntityCertificateValidator.Validate(cms, null));
    }

    [Fact]
    public void Validate_RsaLeafWithMatchingKey_ReturnsNull()
    {
        var cms = TestPki.Cms(fixture.RsaEndEntity, fixture.Opi.SbiIntermediate2);

        Assert.Null(EndEntityCertificateValidator.Validate(cms, fixture.RsaEndEntity.SpkiDer));
    }

    [Fact]
    public void Validate_LeafWithoutBasicConstraints_IsTreatedAsEndEntity()
    {
        using var leaf = fixture.Opi.SbiIntermediate2.IssueEndEntity(
            "CN=no-bc", new TestCertificateOptions { IncludeBasicConstraints = false });

        Assert.Null(EndEntityCertificateValidator.Validate(TestPki.Cms(leaf, fixture.Opi.SbiIntermediate2), leaf.SpkiDer));
    }

    [Fact]
    public void Validate_CaCertificatesOnly_ReturnsBasicConstraintError()
    {
        var opi = fixture.Opi;

        var error = EndEntityCertificateValidator.Validate(TestPki.Cms(opi.SbiIntermediate2, opi.SbiIntermediate1), null, Path);

        Assert.Equal(
            "End entity certificates must encode a certificate having \"basic\" constraint \"ca\" with value \"False\": " + Path,
            error);
    }

    [Fact]
    public void Validate_TwoEndEntities_ReturnsNoMoreThanOneError()
    {
        var cms = TestPki.Cms(fixture.Opi.SbiEndEntity, fixture.OtherEcEndEntity, fixture.Opi.SbiIntermediate2);

        var error = EndEntityCertificateValidator.Validate(cms, null);

        Assert.Equal(
            "End entity certificates must encode no more than one certificate having \"basic\" constraint \"ca\" with value \"False\" (2 found).",
            error);
    }

    [Fact]
    public void Validate_UnrelatedCaCertificate_ReturnsSuperfluousError()
    {
        var opi = fixture.Opi;
        var cms = TestPki.Cms(opi.SbiEndEntity, opi.SbiIntermediate2, opi.ClientIntermediate1);

        var error = EndEntityCertificateValidator.Validate(cms, null, Path);

        Assert.Equal(
            "End entity certificates must not encode superfluous certificates.  Found certificates unconnected to chain from "
            + "the \"leaf\" certificate while looking for \"<Name(CN=sbi-intermediate2,O=Sztpd Test)>\": " + Path,
            error);
    }

    [Fact]
    public void Validate_IntermediateMissingFromMiddle_ReturnsSuperfluousError()
    {
        var opi = fixture.Opi;

        var error = EndEntityCertificateValidator.Validate(TestPki.Cms(opi.SbiEndEntity, opi.SbiIntermediate1), null);

        Assert.StartsWith("End entity certificates must not encode superfluous certificates.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoIssuersWithSameSubject_ReturnsSuperfluousError()
    {
        var pki = new TestPki(PkiFixture.Now);
        using var root = pki.CreateRoot("CN=dup-root");
        using var issuerA = root.IssueIntermediate("CN=dup-int");
        using var issuerB = root.IssueIntermediate("CN=dup-int");
        using var leaf = issuerA.IssueEndEntity("CN=dup-leaf");

        var error = EndEntityCertificateValidator.Validate(TestPki.Cms(leaf, issuerA, issuerB), null);

        Assert.StartsWith(
            "End entity certificates must not encode superfluous certificates.  CMS encodes multiple certificates having the same \"subject\" value (<Name(CN=dup-int)>)",
            error,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PublicKeyOfAnotherKey_ReturnsKeyMismatchError()
    {
        var error = EndEntityCertificateValidator.Validate(
            Convert.FromBase64String(fixture.Opi.SbiEeCertB64), fixture.OtherEcEndEntity.SpkiDer, Path);

        Assert.Equal(
            "End entity certificates must encode a \"leaf\" certificate having a public key matching the asymmetric key's public key: " + Path,
            error);
    }

    [Fact]
    public void Validate_RsaKeyForEcCertificate_ReturnsKeyMismatchError()
    {
        var error = EndEntityCertificateValidator.Validate(
            Convert.FromBase64String(fixture.Opi.SbiEeCertB64), fixture.RsaEndEntity.SpkiDer);

        Assert.StartsWith("End entity certificates must encode a \"leaf\" certificate having a public key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Garbage_ReturnsParseError()
    {
        var error = EndEntityCertificateValidator.Validate([0xde, 0xad, 0xbe, 0xef], null, Path);

        Assert.StartsWith("Parsing end entity certificate CMS structure failed for " + Path + " (", error, StringComparison.Ordinal);
    }
}
