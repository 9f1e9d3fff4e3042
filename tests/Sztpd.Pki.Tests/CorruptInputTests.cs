using Sztpd.Pki.Certificates;
using Sztpd.Pki.Keys;
using Sztpd.Pki.Tests.Vouchers;
using Sztpd.Pki.Vouchers;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests;

/// <summary>
/// The checks an administrator's keystore, truststore and voucher edits go through answer every corruption of their
/// input with a sentence: each byte of a valid input is changed in turn (deterministically), and none may throw.
/// .NET decodes a certificate's extensions and key, and a CMS structure's certificates, only when they are first read,
/// so a corruption there used to throw past the checks (a 500 for the edit).
/// </summary>
public sealed class CorruptInputTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    /// <summary>Each byte of <paramref name="valid"/> changed in turn (xor 0x01, 0x80 or 0xFF); what threw, by exception and message.</summary>
    private static List<string> Thrown(byte[] valid, Func<byte[], string?> check)
    {
        var thrown = new List<string>();
        for (var i = 0; i < valid.Length; i++)
        {
            var corrupted = (byte[])valid.Clone();
            corrupted[i] ^= (i % 3) switch { 0 => 0x01, 1 => 0x80, _ => 0xFF };
            try
            {
                check(corrupted);
            }
            catch (Exception e)
            {
                thrown.Add($"byte {i}: {e.GetType().Name}: {e.Message}");
            }
        }
        return thrown;
    }

    [Fact]
    public void OwnershipVoucher_EveryCorruption_IsAnError()
    {
        var voucher = fixture.Voucher();

        var thrown = Thrown(voucher, v => OwnershipVoucherValidator.Validate(v, fixture.Manufacturer.TrustAnchors, VoucherFixture.SerialNumber, fixture.Owner.Chain, VoucherFixture.Now));

        Assert.Empty(thrown);
    }

    [Fact]
    public void KeystoreCertificate_EveryCorruption_IsAnError()
    {
        var owner = fixture.Owner;

        var thrown = Thrown(TestPki.Cms(owner.Owner, owner.Intermediate), cms => EndEntityCertificateValidator.Validate(cms, owner.Owner.SpkiDer));

        Assert.Empty(thrown);
    }

    [Fact]
    public void KeyPair_EveryCorruption_IsAnError()
    {
        var owner = fixture.Owner.Owner;
        const string Spki = "ietf-crypto-types:subject-public-key-info-format";

        var thrown = Thrown(owner.SpkiDer, spki => AsymmetricKeyValidator.Validate(Spki, spki, owner.PrivateKeyFormat, owner.PrivateKeyDer))
            .Concat(Thrown(owner.PrivateKeyDer, key => AsymmetricKeyValidator.Validate(Spki, owner.SpkiDer, owner.PrivateKeyFormat, key)));

        Assert.Empty(thrown);
    }
}
