using Sztpd.Pki.Keys;

namespace Sztpd.Pki.Tests.Keys;

public sealed class AsymmetricKeyValidatorTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private const string Spki = CryptoTypesFormats.SubjectPublicKeyInfo;
    private const string Path = "/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=sbi";

    [Fact]
    public void Validate_MatchingEcPair_ReturnsNull()
    {
        var ee = fixture.Opi.SbiEndEntity;

        Assert.Null(AsymmetricKeyValidator.Validate(Spki, ee.SpkiDer, CryptoTypesFormats.EcPrivateKey, ee.PrivateKeyDer));
    }

    [Fact]
    public void Validate_MatchingRsaPair_ReturnsNull()
    {
        var ee = fixture.RsaEndEntity;

        Assert.Null(AsymmetricKeyValidator.Validate(Spki, ee.SpkiDer, CryptoTypesFormats.RsaPrivateKey, ee.PrivateKeyDer));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Validate_MatchingPairAsPkcs8_ReturnsNull(bool rsa)
    {
        var ee = rsa ? fixture.RsaEndEntity : fixture.Opi.SbiEndEntity;

        Assert.Null(AsymmetricKeyValidator.Validate(Spki, ee.SpkiDer, CryptoTypesFormats.OneAsymmetricKey, ee.Pkcs8Der));
    }

    [Fact]
    public void Validate_MismatchedEcPair_ReturnsMismatchWithPath()
    {
        var error = AsymmetricKeyValidator.Validate(
            Spki, fixture.OtherEcEndEntity.SpkiDer, CryptoTypesFormats.EcPrivateKey, fixture.Opi.SbiEndEntity.PrivateKeyDer, Path);

        Assert.Equal("The asymmetric-key has a mismatched public/private key pair: " + Path, error);
    }

    [Fact]
    public void Validate_MismatchedRsaPair_ReturnsMismatch()
    {
        var error = AsymmetricKeyValidator.Validate(
            Spki, fixture.OtherRsaEndEntity.SpkiDer, CryptoTypesFormats.RsaPrivateKey, fixture.RsaEndEntity.PrivateKeyDer);

        Assert.Equal("The asymmetric-key has a mismatched public/private key pair.", error);
    }

    [Fact]
    public void Validate_RsaPublicWithEcPrivate_ReturnsMismatch()
    {
        var error = AsymmetricKeyValidator.Validate(
            Spki, fixture.RsaEndEntity.SpkiDer, CryptoTypesFormats.EcPrivateKey, fixture.Opi.SbiEndEntity.PrivateKeyDer);

        Assert.StartsWith("The asymmetric-key has a mismatched public/private key pair", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EcKeyDeclaredAsRsa_ReturnsParseError()
    {
        var ee = fixture.Opi.SbiEndEntity;

        var error = AsymmetricKeyValidator.Validate(Spki, ee.SpkiDer, CryptoTypesFormats.RsaPrivateKey, ee.PrivateKeyDer, Path);

        Assert.StartsWith("Parsing private key structure failed for " + Path + " (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GarbagePublicKey_ReturnsParseError()
    {
        var error = AsymmetricKeyValidator.Validate(
            Spki, [1, 2, 3, 4], CryptoTypesFormats.EcPrivateKey, fixture.Opi.SbiEndEntity.PrivateKeyDer, Path);

        Assert.StartsWith("Parsing public key structure failed for " + Path + " (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GarbagePrivateKey_ReturnsParseError()
    {
        var error = AsymmetricKeyValidator.Validate(
            Spki, fixture.Opi.SbiEndEntity.SpkiDer, CryptoTypesFormats.EcPrivateKey, [0x30, 0x03, 0x02, 0x01, 0x01]);

        Assert.StartsWith("Parsing private key structure failed (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TrailingBytesAfterPrivateKey_ReturnsParseError()
    {
        var ee = fixture.Opi.SbiEndEntity;

        var error = AsymmetricKeyValidator.Validate(Spki, ee.SpkiDer, CryptoTypesFormats.EcPrivateKey, [.. ee.PrivateKeyDer, 0]);

        Assert.StartsWith("Parsing private key structure failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnsupportedPublicKeyFormat_ReturnsSztpdMessage()
    {
        var ee = fixture.Opi.SbiEndEntity;

        var error = AsymmetricKeyValidator.Validate(
            "ietf-crypto-types:ssh-public-key-format", ee.SpkiDer, CryptoTypesFormats.EcPrivateKey, ee.PrivateKeyDer, Path);

        Assert.Equal("Unsupported \"public-key-format\" (ietf-crypto-types:ssh-public-key-format) for " + Path, error);
    }

    [Fact]
    public void Validate_UnsupportedPrivateKeyFormat_ReturnsSztpdMessage()
    {
        var ee = fixture.Opi.SbiEndEntity;

        var error = AsymmetricKeyValidator.Validate(Spki, ee.SpkiDer, "ietf-crypto-types:foo", ee.PrivateKeyDer);

        Assert.Equal("Unsupported \"private-key-format\" (ietf-crypto-types:foo)", error);
    }

    [Fact]
    public void Validate_EcPrivateKeyWithoutParameters_UsesCurveOfPublicKey()
    {
        var ee = fixture.Opi.SbiEndEntity;
        var withoutParameters = EcPrivateKeyWithoutParameters(ee.PrivateKeyDer);

        Assert.Null(AsymmetricKeyValidator.Validate(Spki, ee.SpkiDer, CryptoTypesFormats.EcPrivateKey, withoutParameters));
    }

    [Fact]
    public void Validate_OpenSslGeneratedEcKey_ReturnsNull()
    {
        OpenSsl.SkipIfMissing();
        using var directory = new Sztpd.Testing.TempDirectory();
        var keyPath = directory.Combine("key.der");
        var pubPath = directory.Combine("pub.der");

        Assert.Equal(0, OpenSsl.Run(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-outform", "DER", "-out", keyPath]).ExitCode);
        Assert.Equal(0, OpenSsl.Run(["ec", "-inform", "DER", "-in", keyPath, "-pubout", "-outform", "DER", "-out", pubPath]).ExitCode);

        Assert.Null(AsymmetricKeyValidator.Validate(
            Spki, File.ReadAllBytes(pubPath), CryptoTypesFormats.EcPrivateKey, File.ReadAllBytes(keyPath)));
    }

    // Re-encodes ECPrivateKey with only version, privateKey and publicKey (RFC 5915 allows omitting parameters).
    private static byte[] EcPrivateKeyWithoutParameters(byte[] der)
    {
        var sequence = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(sequence.ReadEncodedValue().Span);
            writer.WriteEncodedValue(sequence.ReadEncodedValue().Span);
            _ = sequence.ReadEncodedValue();
            writer.WriteEncodedValue(sequence.ReadEncodedValue().Span);
        }

        return writer.Encode();
    }
}
