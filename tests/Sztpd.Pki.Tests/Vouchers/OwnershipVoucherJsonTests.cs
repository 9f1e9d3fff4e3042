using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Pki.Vouchers;

namespace Sztpd.Pki.Tests.Vouchers;

public sealed class OwnershipVoucherJsonTests(VoucherFixture fixture) : IClassFixture<VoucherFixture>
{
    private OwnershipVoucher Full => new()
    {
        CreatedOn = VoucherFixture.Now.AddDays(-1),
        ExpiresOn = VoucherFixture.Now.AddDays(30).AddTicks(1234567),
        Assertion = VoucherAssertion.Logged,
        SerialNumber = VoucherFixture.SerialNumber,
        IdevidIssuer = [1, 2, 3, 4],
        PinnedDomainCert = fixture.Owner.Root.Certificate,
        DomainCertRevocationChecks = false,
        Nonce = [.. Enumerable.Range(0, 16).Select(i => (byte)i)],
        LastRenewalDate = VoucherFixture.Now.AddYears(1),
    };

    [Fact]
    public void ToJson_ParseJson_RoundTripsEveryLeaf()
    {
        var expected = Full;

        var actual = OwnershipVoucher.ParseJson(expected.ToJson());

        Assert.Equal(expected.CreatedOn, actual.CreatedOn);
        Assert.Equal(expected.ExpiresOn, actual.ExpiresOn);
        Assert.Equal(expected.Assertion, actual.Assertion);
        Assert.Equal(expected.SerialNumber, actual.SerialNumber);
        Assert.Equal(expected.IdevidIssuer, actual.IdevidIssuer);
        Assert.Equal(expected.PinnedDomainCert.RawData, actual.PinnedDomainCert.RawData);
        Assert.Equal(expected.DomainCertRevocationChecks, actual.DomainCertRevocationChecks);
        Assert.Equal(expected.Nonce, actual.Nonce);
        Assert.Equal(expected.LastRenewalDate, actual.LastRenewalDate);
    }

    [Fact]
    public void ToJson_Output_IsRfc7951WithQualifiedTopLevelMemberAndUtcDates()
    {
        var json = JsonNode.Parse(Full.ToJson())!.AsObject();

        var voucher = Assert.Single(json).Value!.AsObject();
        Assert.Equal("ietf-voucher:voucher", Assert.Single(json).Key);
        Assert.Equal("2026-02-28T12:00:00Z", (string?)voucher["created-on"]);
        Assert.Equal("2026-03-31T12:00:00.1234567Z", (string?)voucher["expires-on"]);
        Assert.Equal("AQIDBA==", (string?)voucher["idevid-issuer"]);
        Assert.False((bool)voucher["domain-cert-revocation-checks"]!);
        Assert.Equal(Convert.ToBase64String(fixture.Owner.Root.Certificate.RawData), (string?)voucher["pinned-domain-cert"]);
    }

    [Fact]
    public void ToJson_OptionalLeavesUnset_AreOmitted()
    {
        var minimal = Full with
        {
            ExpiresOn = null,
            IdevidIssuer = null,
            DomainCertRevocationChecks = null,
            Nonce = null,
            LastRenewalDate = null,
        };

        var voucher = JsonNode.Parse(minimal.ToJson())!["ietf-voucher:voucher"]!.AsObject();

        Assert.Equal(["created-on", "assertion", "serial-number", "pinned-domain-cert"], voucher.Select(p => p.Key));
    }

    [Fact]
    public void ParseJson_OffsetDatesFractionsQualifiedLeavesAndAugmentations_AreRead()
    {
        var json = $$$"""
            {"ietf-voucher:voucher": {
              "ietf-voucher:created-on": "2026-03-01T14:00:00.123456789+02:00",
              "assertion": "proximity",
              "serial-number": "x",
              "pinned-domain-cert": "{{{Convert.ToBase64String(fixture.Owner.Root.Certificate.RawData)}}}",
              "example-augment:extra": {"anything": [1, 2]}
            }}
            """;

        var voucher = OwnershipVoucher.ParseJson(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567), voucher.CreatedOn);
        Assert.Equal(VoucherAssertion.Proximity, voucher.Assertion);
        Assert.Null(voucher.ExpiresOn);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "ietf-voucher:voucher")]
    [InlineData("{\"voucher\": {}}", "ietf-voucher:voucher")]
    [InlineData("{\"ietf-voucher:voucher\": \"x\"}", "ietf-voucher:voucher")]
    public void TryParseJson_NotAVoucherObject_SaysWhy(string json, string expected)
    {
        Assert.False(OwnershipVoucher.TryParseJson(Encoding.UTF8.GetBytes(json), out var voucher, out var error));
        Assert.Null(voucher);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("created-on", null, "lacks the mandatory \"created-on\"")]
    [InlineData("assertion", null, "lacks the mandatory \"assertion\"")]
    [InlineData("serial-number", null, "lacks the mandatory \"serial-number\"")]
    [InlineData("pinned-domain-cert", null, "lacks the mandatory \"pinned-domain-cert\"")]
    [InlineData("created-on", "\"2026-03-01 12:00:00\"", "not a yang:date-and-time")]
    [InlineData("created-on", "\"2026-13-01T12:00:00Z\"", "not a yang:date-and-time")]
    [InlineData("expires-on", "1700000000", "not a string")]
    [InlineData("assertion", "\"trusted\"", "not verified, logged or proximity")]
    [InlineData("serial-number", "42", "not a string")]
    [InlineData("pinned-domain-cert", "\"not base64!\"", "not base64")]
    [InlineData("pinned-domain-cert", "\"AQID\"", "not a DER X.509 certificate")]
    [InlineData("nonce", "\"AQID\"", "3 bytes long")]
    [InlineData("domain-cert-revocation-checks", "\"true\"", "not a JSON boolean")]
    public void TryParseJson_BadLeaf_SaysWhich(string leaf, string? value, string expected)
    {
        var voucher = JsonNode.Parse(Full.ToJson())!["ietf-voucher:voucher"]!.AsObject();
        voucher.Remove(leaf);
        if (value is not null)
        {
            voucher[leaf] = JsonNode.Parse(value);
        }

        var json = Encoding.UTF8.GetBytes(voucher.Root.ToJsonString());

        Assert.False(OwnershipVoucher.TryParseJson(json, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseJson_DuplicateLeaf_IsRejected()
    {
        var json = Encoding.UTF8.GetBytes("""{"ietf-voucher:voucher": {"assertion": "verified", "assertion": "logged"}}""");

        Assert.False(OwnershipVoucher.TryParseJson(json, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ParseJson_Malformed_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => OwnershipVoucher.ParseJson("{}"u8));
    }
}
