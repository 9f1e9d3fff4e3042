using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sztpd.Pki.Vouchers;
using Sztpd.Testing.Pki;

namespace Sztpd.Pki.Tests.Vouchers;

public sealed class OwnershipVoucherValidatorTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    private static readonly DateTimeOffset Now = VoucherFixture.Now;

    [Fact]
    public void Validate_PinnedOwnerRoot_ReturnsNull()
    {
        Assert.Null(Validate(fixture.Voucher()));
    }

    [Fact]
    public void Validate_PinnedIntermediate_ReturnsNull()
    {
        Assert.Null(Validate(fixture.Voucher(fixture.Owner.Intermediate.Certificate)));
    }

    [Fact]
    public void Validate_PinnedOwnerCertificateItself_ReturnsNull()
    {
        Assert.Null(Validate(fixture.Voucher(fixture.Owner.Owner.Certificate)));
    }

    [Fact]
    public void Validate_SelfSignedOwnerCertificatePinned_ReturnsNull()
    {
        var owner = fixture.SelfSignedOwner.Certificate;

        Assert.Null(Validate(fixture.Voucher(owner), chain: [owner]));
    }

    [Fact]
    public void Validate_ChainCarriesThePinnedRootToo_ReturnsNull()
    {
        Assert.Null(Validate(fixture.Voucher(), chain: [.. fixture.Owner.Chain, fixture.Owner.Root.Certificate]));
    }

    [Fact]
    public void TryValidate_Valid_ReturnsTheVoucher()
    {
        Assert.True(OwnershipVoucherValidator.TryValidate(
            fixture.Voucher(expiresOn: Now.AddDays(1)), fixture.Manufacturer.TrustAnchors, VoucherFixture.SerialNumber,
            fixture.Owner.Chain, Now, null, out var voucher, out var error));
        Assert.Null(error);
        Assert.Equal(VoucherFixture.SerialNumber, voucher.SerialNumber);
        Assert.Equal(VoucherAssertion.Verified, voucher.Assertion);
        Assert.Equal(Now.AddHours(-1), voucher.CreatedOn);
        Assert.Equal(Now.AddDays(1), voucher.ExpiresOn);
        Assert.Equal(fixture.Owner.Root.Certificate.RawData, voucher.PinnedDomainCert.RawData);
    }

    /// <summary>
    /// SameVerdict's period agrees with the validation itself at its edges: valid at its first instant and its last tick,
    /// refused a tick before it and at its end, for a voucher that expires (its end) and for one that does not (a
    /// certificate's notAfter ends it).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SameVerdict_IsThePeriodTheValidationAccepts(bool expires)
    {
        var cms = fixture.Voucher(expiresOn: expires ? Now.AddDays(1) : null);
        bool ValidAt(DateTimeOffset at) => OwnershipVoucherValidator.TryValidate(
            cms, fixture.Manufacturer.TrustAnchors, VoucherFixture.SerialNumber, fixture.Owner.Chain, at, null, out _, out _);
        Assert.True(OwnershipVoucherValidator.TryValidate(
            cms, fixture.Manufacturer.TrustAnchors, VoucherFixture.SerialNumber, fixture.Owner.Chain, Now, null, out var voucher, out _));

        var (from, until) = OwnershipVoucherValidator.SameVerdict(cms, voucher, fixture.Manufacturer.TrustAnchors, fixture.Owner.Chain);

        Assert.True(from <= Now && Now < until);
        Assert.True(ValidAt(from));
        Assert.False(ValidAt(from.AddSeconds(-1)));
        Assert.True(ValidAt(until.AddSeconds(-1)));
        Assert.False(ValidAt(until.AddSeconds(expires ? 0 : 1)));
        if (expires)
        {
            Assert.Equal(Now.AddDays(1), until);
        }
    }

    [Fact]
    public void Validate_SignedByUntrustedManufacturer_SaysSignerDoesNotChain()
    {
        var voucher = TestVouchers.Create(
            fixture.OtherManufacturer, VoucherFixture.SerialNumber, fixture.Owner.Root.Certificate, Now.AddHours(-1));

        var error = Validate(voucher);

        Assert.StartsWith(
            "The ownership voucher's signer \"CN=other-manufacturer-masa, O=Sztpd Test\" does not chain to the manufacturer trust anchors",
            error, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoTrustAnchors_SaysNoneAreConfigured()
    {
        var error = OwnershipVoucherValidator.Validate(fixture.Voucher(), [], VoucherFixture.SerialNumber, fixture.Owner.Chain, Now);

        Assert.Contains("no manufacturer trust anchors", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SignerCertificateExpired_SaysSignerDoesNotChain()
    {
        var later = Now.AddYears(2);
        var voucher = TestVouchers.Create(
            fixture.Manufacturer, VoucherFixture.SerialNumber, fixture.Owner.Root.Certificate, later.AddHours(-1));

        var error = OwnershipVoucherValidator.Validate(
            voucher, fixture.Manufacturer.TrustAnchors, VoucherFixture.SerialNumber, fixture.Owner.Chain, later);

        Assert.Contains("does not chain to the manufacturer trust anchors", error, StringComparison.Ordinal);
        Assert.Contains("NotTimeValid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ContentAlteredAfterSigning_SaysSignatureDoesNotVerify()
    {
        var voucher = fixture.Voucher();
        var serial = Encoding.UTF8.GetBytes(VoucherFixture.SerialNumber);
        var at = voucher.AsSpan().IndexOf(serial);
        voucher[at] = (byte)'F';

        Assert.Equal("The ownership voucher's signature does not verify.", Validate(voucher, serialNumber: "First-serial-number"));
    }

    [Fact]
    public void Validate_OtherSerialNumber_NamesBoth()
    {
        Assert.Equal(
            "The ownership voucher is for serial number \"first-serial-number\", not \"second-serial-number\".",
            Validate(fixture.Voucher(), serialNumber: "second-serial-number"));
    }

    [Fact]
    public void Validate_Expired_SaysWhen()
    {
        Assert.Equal(
            "The ownership voucher expired on 2026-03-01T11:59:59Z.",
            Validate(fixture.Voucher(expiresOn: Now.AddSeconds(-1))));
    }

    [Fact]
    public void Validate_ExpiresExactlyNow_IsExpired()
    {
        Assert.Contains("expired", Validate(fixture.Voucher(expiresOn: Now)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExpiresLater_ReturnsNull()
    {
        Assert.Null(Validate(fixture.Voucher(expiresOn: Now.AddSeconds(1))));
    }

    [Fact]
    public void Validate_CreatedInTheFuture_SaysSo()
    {
        var voucher = TestVouchers.Create(
            fixture.Manufacturer, VoucherFixture.SerialNumber, fixture.Owner.Root.Certificate, Now.AddMinutes(5));

        Assert.Equal(
            "The ownership voucher was created on 2026-03-01T12:05:00Z, after the current time 2026-03-01T12:00:00Z.",
            Validate(voucher));
    }

    [Fact]
    public void Validate_OwnerOfAnotherPki_SaysNotPinned()
    {
        Assert.Equal(
            "The owner certificate does not chain to the ownership voucher's pinned-domain-cert.",
            Validate(fixture.Voucher(), chain: fixture.OtherOwner.Chain));
    }

    [Fact]
    public void Validate_ChainMissingTheIntermediate_SaysNotPinned()
    {
        Assert.Contains("does not chain", Validate(fixture.Voucher(), chain: [fixture.Owner.Owner.Certificate]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PinnedCertificateWithSameSubjectButOtherKey_SaysNotPinned()
    {
        var pki = new TestPki(Now);
        using var lookalike = pki.CreateRoot(fixture.Owner.Root.Certificate.SubjectName);

        Assert.Contains("does not chain", Validate(fixture.Voucher(lookalike.Certificate)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OwnerCertificateExpired_SaysWhichCertificate()
    {
        using var expired = fixture.Owner.Intermediate.IssueEndEntity("CN=expired-owner", new TestCertificateOptions
        {
            NotBefore = Now.AddDays(-10),
            NotAfter = Now.AddDays(-1),
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
        });

        var error = Validate(fixture.Voucher(), chain: [expired.Certificate, fixture.Owner.Intermediate.Certificate]);

        Assert.Equal(
            "The certificate \"CN=expired-owner\" on the owner certificate's chain is valid from 2026-02-19T12:00:00Z "
                + "to 2026-02-28T12:00:00Z, not at 2026-03-01T12:00:00Z.",
            error);
    }

    [Fact]
    public void Validate_OwnerKeyUsageWithoutDigitalSignature_IsRejected()
    {
        using var owner = fixture.Owner.Intermediate.IssueEndEntity(
            "CN=non-repudiation-only-owner", new TestCertificateOptions { KeyUsage = X509KeyUsageFlags.NonRepudiation });

        Assert.Equal(
            "The owner certificate's key usage lacks digitalSignature (RFC 8572 §3.2).",
            Validate(fixture.Voucher(), chain: [owner.Certificate, fixture.Owner.Intermediate.Certificate]));
    }

    [Fact]
    public void Validate_IntermediateIsNotACa_IsRejected()
    {
        using var notCa = fixture.Owner.Root.IssueEndEntity("CN=not-a-ca");
        using var owner = notCa.IssueEndEntity("CN=under-not-a-ca");

        Assert.Equal(
            "The owner certificate's issuer \"CN=not-a-ca\" is not a CA certificate.",
            Validate(fixture.Voucher(), chain: [owner.Certificate, notCa.Certificate]));
    }

    [Theory]
    [InlineData(true, "The ownership voucher requires revocation checks of the owner certificate's chain, which are not supported.")]
    [InlineData(false, null)]
    public void Validate_DomainCertRevocationChecks_TrueIsRejectedAsUnsupported(bool checks, string? expected)
    {
        var voucher = fixture.Manufacturer.Sign(new OwnershipVoucher
        {
            CreatedOn = Now.AddHours(-1),
            Assertion = VoucherAssertion.Verified,
            SerialNumber = VoucherFixture.SerialNumber,
            PinnedDomainCert = fixture.Owner.Root.Certificate,
            DomainCertRevocationChecks = checks,
        }.ToJson());

        Assert.Equal(expected, Validate(voucher));
    }

    [Fact]
    public void Validate_NonceMatches_ReturnsNull()
    {
        byte[] nonce = [1, 2, 3, 4, 5, 6, 7, 8];

        Assert.Null(Validate(fixture.Voucher(nonce: nonce), nonce: [1, 2, 3, 4, 5, 6, 7, 8]));
    }

    [Fact]
    public void Validate_NonceDiffers_SaysSo()
    {
        Assert.Equal(
            "The ownership voucher's nonce differs from the device's nonce.",
            Validate(fixture.Voucher(nonce: [1, 2, 3, 4, 5, 6, 7, 8]), nonce: [1, 2, 3, 4, 5, 6, 7, 9]));
    }

    [Fact]
    public void Validate_NonceExpectedButAbsent_SaysSo()
    {
        Assert.Equal(
            "The ownership voucher has no nonce, but the device expects one.",
            Validate(fixture.Voucher(), nonce: [1, 2, 3, 4, 5, 6, 7, 8]));
    }

    [Fact]
    public void Validate_NonceNotExpected_IgnoresTheVouchersNonce()
    {
        Assert.Null(Validate(fixture.Voucher(nonce: [1, 2, 3, 4, 5, 6, 7, 8])));
    }

    [Fact]
    public void Validate_SignedMalformedJson_SaysJsonIsInvalid()
    {
        var voucher = fixture.Manufacturer.Sign("{\"ietf-voucher:voucher\": {"u8.ToArray());

        Assert.StartsWith("The voucher is not valid JSON", Validate(voucher), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SignedJsonMissingSerialNumber_NamesTheLeaf()
    {
        var json = $$$"""{"ietf-voucher:voucher": {"created-on": "2026-03-01T00:00:00Z", "assertion": "verified", "pinned-domain-cert": "{{{Convert.ToBase64String(fixture.Owner.Root.Certificate.RawData)}}}"}}""";

        Assert.Equal(
            "The voucher lacks the mandatory \"serial-number\" leaf.",
            Validate(fixture.Manufacturer.Sign(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void Validate_SignedConveyedInformationInsteadOfVoucher_NamesTheContentType()
    {
        var error = Validate(fixture.Owner.Sign("{}"u8.ToArray()));

        Assert.Contains("eContentType is 1.2.840.113549.1.9.16.1.43, not id-ct-animaJSONVoucher", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Garbage_SaysItIsNotCms()
    {
        Assert.StartsWith("The ownership voucher is not a DER CMS structure", Validate([0x04, 0x01, 0x00]), StringComparison.Ordinal);
    }

    private string? Validate(
        byte[] voucher, string serialNumber = VoucherFixture.SerialNumber, IReadOnlyList<X509Certificate2>? chain = null, byte[]? nonce = null) =>
        OwnershipVoucherValidator.Validate(
            voucher, fixture.Manufacturer.TrustAnchors, serialNumber, chain ?? fixture.Owner.Chain, Now, nonce);
}
