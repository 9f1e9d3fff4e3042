using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Sztpd.Pki.Cms;
using Sztpd.Testing;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Cms;

public sealed class CmsCertificatesTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public void CreateDegenerate_ThreeCertificates_RoundTripsInOrder()
    {
        var opi = fixture.Opi;
        var cms = TestPki.Cms(opi.ClientRoot, opi.ClientIntermediate1, opi.ClientIntermediate2);

        var certificates = CmsCertificates.Decode(cms);

        Assert.Equal(
            [opi.ClientRoot.Certificate.Thumbprint, opi.ClientIntermediate1.Certificate.Thumbprint, opi.ClientIntermediate2.Certificate.Thumbprint],
            certificates.Select(c => c.Thumbprint));
    }

    [Fact]
    public void CreateDegenerate_Output_IsSignedDataWithoutSignersOverEmptyData()
    {
        var cms = new SignedCms();
        cms.Decode(TestPki.Cms(fixture.Opi.SbiEndEntity, fixture.Opi.SbiIntermediate2));

        Assert.Empty(cms.SignerInfos);
        Assert.Equal(1, cms.Version);
        Assert.Equal(CmsOids.Data, cms.ContentInfo.ContentType.Value);
        Assert.Empty(cms.ContentInfo.Content);
        Assert.Equal(2, cms.Certificates.Count);
    }

    [Fact]
    public void CreateDegenerate_NoCertificates_DecodesToEmptyCollection()
    {
        Assert.Empty(CmsCertificates.Decode(CmsCertificates.CreateDegenerate([])));
    }

    [Fact]
    public void TryDecode_Garbage_ReturnsError()
    {
        Assert.False(CmsCertificates.TryDecode([1, 2, 3], out var certificates, out var error));
        Assert.Null(certificates);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryDecode_ContentInfoOfOtherType_ReturnsError()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.Data);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteOctetString([1, 2]);
            }
        }

        Assert.False(CmsCertificates.TryDecode(writer.Encode(), out _, out var error));
        Assert.Contains("not id-signedData", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TrailingData_ReturnsError()
    {
        byte[] cms = [.. TestPki.Cms(fixture.Opi.SbiRoot), 0, 0];

        Assert.False(CmsCertificates.TryDecode(cms, out _, out var error));
        Assert.Contains("trailing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Garbage_ThrowsCryptographicException()
    {
        Assert.Throws<CryptographicException>(() => CmsCertificates.Decode([0x30, 0x00]));
    }

    [Fact]
    public void CreateDegenerate_ReadByOpenSsl_PrintsCertificatesInOrder()
    {
        OpenSsl.SkipIfMissing();
        var opi = fixture.Opi;
        using var directory = new TempDirectory();
        var path = directory.WriteBytes("bag.cms", TestPki.Cms(opi.SbiEndEntity, opi.SbiIntermediate2));

        var (exitCode, output, error) = OpenSsl.Run(["pkcs7", "-inform", "DER", "-in", path, "-print_certs"]);

        Assert.True(exitCode == 0, error);
        var subjects = output.Split('\n').Where(l => l.StartsWith("subject=", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, subjects.Count);
        Assert.Contains("CN = localhost", subjects[0], StringComparison.Ordinal);
        Assert.Contains("CN = sbi-intermediate2", subjects[1], StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDegenerate_SameCertificatesAsOpenSslCrl2Pkcs7_IsByteIdentical()
    {
        OpenSsl.SkipIfMissing();
        var opi = fixture.Opi;
        using var directory = new TempDirectory();
        var pem = directory.WriteText("chain.pem", TestPki.Pem(opi.ClientRoot, opi.ClientIntermediate1, opi.ClientIntermediate2));
        var output = directory.Combine("chain.cms");

        var (exitCode, _, error) = OpenSsl.Run(["crl2pkcs7", "-nocrl", "-certfile", pem, "-outform", "DER", "-out", output]);

        Assert.True(exitCode == 0, error);
        Assert.Equal(File.ReadAllBytes(output), Convert.FromBase64String(opi.ClientCertTaB64));
    }
}
