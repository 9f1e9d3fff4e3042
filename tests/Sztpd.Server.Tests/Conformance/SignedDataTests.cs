using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Pki;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>
/// RFC 8572 sections 3.1-3.3, 5.4 and 7.3 (signed-data-preferred, nonce): owner-signed conveyed information with the
/// owner certificate and an ownership voucher, as a device and as <c>openssl</c> verify them.
/// </summary>
public sealed class SignedDataTests
{
    private const string Vouchers = $"{Running}/wn-sztpd-1:devices/device={OwnerSetup.Serial}/sztpd-ext:ownership-vouchers";

    private static async Task<(HttpResponseMessage Response, JsonObject? Output)> PostAsync(OpiServer s, string input)
    {
        using var device = s.Third();
        var r = await device.PostAsync(Gbd, Json($"{{\"ietf-sztp-bootstrap-server:input\": {input}}}"));
        var body = await r.Content.ReadAsStringAsync();
        return (r, r.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(body)!["ietf-sztp-bootstrap-server:output"]!.AsObject() : null);
    }

    private static byte[] Member(JsonObject output, string name) => Convert.FromBase64String((string)output[name]!);

    private static string ExpectedThird => TestData.OpiData("samples", "expected-third-conveyed-information.decoded.json").TrimEnd('\n');

    [Fact]
    public async Task Section5_4_SignedDataPreferred_GetsSignedDataThatTheDeviceAndOpensslVerify()
    {
        var (s, o) = await OwnerSetup.StartAsync(vouchers: o => [("v1", o.Voucher())]);
        await using var serverScope = s;
        using var ownerScope = o;

        var (r, output) = await PostAsync(s, """{"signed-data-preferred": [null], "hw-model": "model-x"}""");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(["conveyed-information", "owner-certificate", "ownership-voucher"], output!.Select(m => m.Key));
        var (conveyed, ownerCertificate, voucher) = (Member(output!, "conveyed-information"), Member(output!, "owner-certificate"), Member(output!, "ownership-voucher"));
        var verified = SignedDataVerifier.Verify(conveyed, ownerCertificate, voucher, o.Manufacturer.TrustAnchors, OwnerSetup.Serial, null, DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Failure);
        Assert.Equal(CmsOids.SztpConveyedInfoJson, verified.ConveyedInformation.ContentType);
        Assert.Equal(ExpectedThird, Encoding.UTF8.GetString(verified.ConveyedInformation.Payload));

        using var dir = new TempDirectory();
        // openssl cms -verify builds the signer's chain only from -CAfile (the artifact carries no certificates), so the
        // owner certificate artifact's intermediates join the pinned-domain-cert there; the signer comes from -certfile.
        var artifact = OwnerCertificateCms.Decode(ownerCertificate);
        var signer = dir.WriteText("owner.pem", OpenSslPem(artifact.Take(1)));
        var pinned = dir.WriteText("pinned-and-intermediates.pem", o.Owner.Root.CertificatePem + OpenSslPem(artifact.Skip(1)));
        var (code, _, error) = OpenSsl.Run(["cms", "-verify", "-inform", "DER", "-in", dir.WriteBytes("conveyed.der", conveyed), "-binary",
            "-certfile", signer, "-CAfile", pinned, "-out", dir.Combine("payload")]);
        Assert.True(code == 0, "openssl cms -verify of conveyed-information: " + error);
        Assert.Equal(ExpectedThird, File.ReadAllText(dir.Combine("payload")));

        (code, _, error) = OpenSsl.Run(["cms", "-verify", "-inform", "DER", "-in", dir.WriteBytes("voucher.der", voucher), "-binary",
            "-CAfile", dir.WriteText("masa.pem", o.Manufacturer.Root.CertificatePem), "-out", dir.Combine("voucher.json")]);
        Assert.True(code == 0, "openssl cms -verify of ownership-voucher: " + error);
        var voucherJson = JsonNode.Parse(File.ReadAllText(dir.Combine("voucher.json")))!["ietf-voucher:voucher"]!;
        Assert.Equal(OwnerSetup.Serial, (string?)voucherJson["serial-number"]);

        var log = await s.BootstrappingLogAsync(OwnerSetup.Serial);
        Assert.Equal("v1", (string?)log[^1]!["event-details"]!["get-bootstrapping-data-event"]!["sztpd-signed-data"]!["ownership-voucher"]);
    }

    /// <summary>
    /// <c>embed-certificates</c>: the SignedData carries none of the owner's certificates, the owner certificate, or it and
    /// its intermediate, as <c>openssl</c> prints them; <c>openssl cms -verify</c> then finds the signer (and, with the
    /// chain, builds the path to the pinned-domain-cert) without being given it, and the device still verifies.
    /// </summary>
    [Theory]
    [InlineData("none", new string[0])]
    [InlineData("signer", new[] { "subject=O = Sztpd Test, CN = owner-certificate" })]
    [InlineData("chain", new[] { "subject=O = Sztpd Test, CN = owner-certificate", "subject=O = Sztpd Test, CN = owner-intermediate" })]
    public async Task Section3_1_EmbedCertificates_PutsTheOwnerCertificatesInTheSignedData(string embed, string[] expected)
    {
        var (s, o) = await OwnerSetup.StartAsync(vouchers: o => [("v1", o.Voucher())], embed: embed);
        await using var serverScope = s;
        using var ownerScope = o;

        var (r, output) = await PostAsync(s, """{"signed-data-preferred": [null]}""");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var conveyed = Member(output!, "conveyed-information");
        var verified = SignedDataVerifier.Verify(conveyed, Member(output!, "owner-certificate"), Member(output!, "ownership-voucher"),
            o.Manufacturer.TrustAnchors, OwnerSetup.Serial, null, DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Failure);

        using var dir = new TempDirectory();
        var der = dir.WriteBytes("conveyed.der", conveyed);
        var (code, printed, error) = OpenSsl.Run(["pkcs7", "-print_certs", "-inform", "DER", "-in", der]);
        Assert.True(code == 0, error);
        Assert.Equal(expected, printed.Split('\n').Where(l => l.StartsWith("subject=", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // Without -certfile, openssl finds the signer only inside the SignedData.
        (code, _, error) = OpenSsl.Run(["cms", "-verify", "-noverify", "-inform", "DER", "-in", der, "-binary", "-out", dir.Combine("payload")]);
        Assert.True((code == 0) == (embed != "none"), "openssl cms -verify -noverify: " + error);
        if (embed == "chain")
        {
            // The embedded intermediate lets openssl build the path to the pinned-domain-cert (the owner's root) alone.
            (code, _, error) = OpenSsl.Run(["cms", "-verify", "-inform", "DER", "-in", der, "-binary", "-purpose", "any",
                "-CAfile", dir.WriteText("root.pem", o.Owner.Root.CertificatePem), "-out", dir.Combine("verified")]);
            Assert.True(code == 0, "openssl cms -verify to the owner root: " + error);
            Assert.Equal(ExpectedThird, File.ReadAllText(dir.Combine("verified")));
        }
    }

    [Fact]
    public async Task Section7_3_SignOnlyWhenPreferred_UnlessTheDeviceTypeSaysAlways_AlsoInXml()
    {
        var (s, o) = await OwnerSetup.StartAsync(vouchers: o => [("v1", o.Voucher())]);
        await using var serverScope = s;
        using var ownerScope = o;

        var (r, output) = await PostAsync(s, """{"hw-model": "model-x"}""");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(["conveyed-information"], output!.Select(m => m.Key));
        Assert.False(ConveyedInformationCms.Decode(Member(output!, "conveyed-information")).IsSigned);

        using var patch = await s.Admin.PatchAsync($"{Running}/wn-sztpd-1:device-types/device-type=my-device-type/sztpd-ext:signed-data",
            Json("""{"sztpd-ext:signed-data": {"sign-responses": "always"}}"""));
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());

        using var device = s.Third();
        var xml = new StringContent("""<input xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server"><hw-model>model-x</hw-model></input>""", Encoding.UTF8);
        xml.Headers.ContentType = new("application/yang-data+xml");
        using var signed = await device.PostAsync(Gbd, xml);
        var body = await signed.Content.ReadAsStringAsync();
        Assert.True(signed.StatusCode == HttpStatusCode.OK, body);
        System.Xml.Linq.XNamespace ns = "urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server";
        var element = System.Xml.Linq.XElement.Parse(body);
        byte[] Leaf(string name) => Convert.FromBase64String(element.Element(ns + name)!.Value);
        var verified = SignedDataVerifier.Verify(Leaf("conveyed-information"), Leaf("owner-certificate"), Leaf("ownership-voucher"),
            o.Manufacturer.TrustAnchors, OwnerSetup.Serial, null, DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Failure);
        Assert.Equal(CmsOids.SztpConveyedInfoXml, verified.ConveyedInformation.ContentType);
    }

    /// <summary>
    /// Signing is done once per configuration revision and response, and a voucher without a nonce is validated once
    /// while its dates hold: a second request gets the very same signed bytes (a new ECDSA signature would differ), and
    /// once the clock passes the voucher's expires-on the device is refused as it was never accepted before.
    /// </summary>
    [Fact]
    public async Task Section7_3_SignedOncePerRevision_TheVoucherVerdictNeverOutlivesItsDates()
    {
        var (s, o) = await OwnerSetup.StartAsync(sign: "always", vouchers: o => [("v1", o.Voucher(expiresOn: o.Now.AddHours(2)))]);
        await using var serverScope = s;
        using var ownerScope = o;

        var (first, firstOutput) = await PostAsync(s, "{}");
        var (second, secondOutput) = await PostAsync(s, "{}");
        s.Process.Time.Advance(TimeSpan.FromHours(3));
        var (expired, _) = await PostAsync(s, "{}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((string?)firstOutput!["conveyed-information"], (string?)secondOutput!["conveyed-information"]);
        var verified = SignedDataVerifier.Verify(Member(secondOutput, "conveyed-information"), Member(secondOutput, "owner-certificate"),
            Member(secondOutput, "ownership-voucher"), o.Manufacturer.TrustAnchors, OwnerSetup.Serial, null, o.Now.AddMinutes(1));
        Assert.True(verified.IsValid, verified.Failure);
        Assert.Equal(HttpStatusCode.Conflict, expired.StatusCode);
        Assert.Contains("The ownership voucher expired on", (string?)(await ErrorAsync(expired))["error-message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Section7_3_Nonce_SelectsTheVoucherWithIt_AndIsAnsweredWith409WhenNoneHasIt()
    {
        var nonce = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var (s, o) = await OwnerSetup.StartAsync(vouchers: o => [("plain", o.Voucher()), ("with-nonce", o.Voucher(nonce: nonce))]);
        await using var serverScope = s;
        using var ownerScope = o;

        var (r, output) = await PostAsync(s, $$"""{"signed-data-preferred": [null], "nonce": "{{Convert.ToBase64String(nonce)}}"}""");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var verified = SignedDataVerifier.Verify(Member(output!, "conveyed-information"), Member(output!, "owner-certificate"), Member(output!, "ownership-voucher"),
            o.Manufacturer.TrustAnchors, OwnerSetup.Serial, nonce, DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Failure);

        (r, output) = await PostAsync(s, """{"signed-data-preferred": [null]}""");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Null(OwnershipVoucherCms.TryDecode(Member(output!, "ownership-voucher"), out var plain, out _) ? plain.Nonce : nonce);

        var other = Convert.ToBase64String(new byte[16]);
        (r, _) = await PostAsync(s, $$"""{"signed-data-preferred": [null], "nonce": "{{other}}"}""");
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("data-missing", (string?)error["error-tag"]);
        Assert.Contains("nonce", (string?)error["error-message"], StringComparison.Ordinal);
        var log = await s.BootstrappingLogAsync(OwnerSetup.Serial);
        Assert.Equal(409, (int)log[^1]!["return-code"]!);
    }

    /// <summary>
    /// A nonce of the wrong length or encoding is tolerated as sent (real agents send them); one that is not even a string
    /// is no nonce, as an empty one is: the answer is signed data with the voucher that has none, not a 500.
    /// </summary>
    [Theory]
    [InlineData("5")]
    [InlineData("[[1]]")]
    [InlineData("{\"a\": 1}")]
    [InlineData("true")]
    public async Task Section7_3_NonceThatIsNotAString_IsNoNonce(string nonce)
    {
        var (s, o) = await OwnerSetup.StartAsync(vouchers: o => [("plain", o.Voucher())]);
        await using var serverScope = s;
        using var ownerScope = o;

        var (r, output) = await PostAsync(s, $$"""{"signed-data-preferred": [null], "nonce": {{nonce}}}""");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var verified = SignedDataVerifier.Verify(Member(output!, "conveyed-information"), Member(output!, "owner-certificate"), Member(output!, "ownership-voucher"),
            o.Manufacturer.TrustAnchors, OwnerSetup.Serial, null, DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Failure);
    }

    [Fact]
    public async Task Section5_4_NoVoucher_SignedDataPreferred_409_UnsignedOnboardingIsNeverSent()
    {
        var (s, o) = await OwnerSetup.StartAsync();
        await using var serverScope = s;
        using var ownerScope = o;

        var (r, _) = await PostAsync(s, """{"signed-data-preferred": [null]}""");

        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal("Signed data is required, but the device has no ownership voucher.",
            (string?)(await ErrorAsync(r))["error-message"]);
    }

    [Fact]
    public async Task Section3_3_VoucherImport_RejectsWhatTheDeviceWouldReject_AndChangesNothing()
    {
        var (s, o) = await OwnerSetup.StartAsync(vouchers: o => [("good", o.Voucher())]);
        await using var serverScope = s;
        using var ownerScope = o;
        using var otherSigner = new TestVoucherSigner(o.Owner.Root.Pki, "other-manufacturer");
        using var otherOwner = new TestOwner(o.Owner.Root.Pki, "other-owner");
        var cases = new (string Why, byte[] Voucher, string Reason)[]
        {
            ("signed by an untrusted manufacturer", o.Voucher(signer: otherSigner), "trust anchor"),
            ("for another serial number", o.Voucher(serial: "first-serial-number"), "\"first-serial-number\", not \"third-serial-number\""),
            ("expired", o.Voucher(expiresOn: o.Now.AddMinutes(-1)), "expired"),
            ("pinning another owner", o.Voucher(pinned: otherOwner.Root), "pinned"),
            ("carrying a corrupted certificate", CorruptCarried(o.Voucher(), o.Manufacturer.Signer.Certificate.RawData), "cannot be decoded"),
        };
        var before = await s.Admin.GetStringAsync(Vouchers);

        foreach (var (why, voucher, reason) in cases)
        {
            using var put = await s.Admin.PutAsync(Vouchers, Json(new JsonObject { ["sztpd-ext:ownership-vouchers"] = OwnerSetup.Vouchers(("bad", voucher)) }));
            var error = await ErrorAsync(put);
            Assert.True(put.StatusCode == HttpStatusCode.BadRequest, why);
            Assert.Equal("operation-failed", (string?)error["error-tag"]);
            var message = (string?)error["error-message"] ?? "";
            Assert.True(message.StartsWith("Ownership voucher \"bad\" is rejected: ", StringComparison.Ordinal) && message.Contains(reason, StringComparison.OrdinalIgnoreCase), $"{why}: {message}");
        }

        Assert.Equal(before, await s.Admin.GetStringAsync(Vouchers));
    }

    /// <summary><paramref name="voucher"/> with the certificate <paramref name="der"/> it carries made undecodable (its TBSCertificate tagged as a SET).</summary>
    private static byte[] CorruptCarried(byte[] voucher, byte[] der)
    {
        var corrupted = (byte[])voucher.Clone();
        var at = voucher.AsSpan().IndexOf(der);
        Assert.True(at > 0 && corrupted[at + 4] == 0x30);
        corrupted[at + 4] = 0x31;
        return corrupted;
    }

    [Fact]
    public async Task Section3_3_VoucherForADeviceTypeWithoutSignedData_IsRejected()
    {
        await using var s = await OpiServer.StartAsync();
        using var owner = new TestOwner(s.Pki.Pki);
        using var signer = new TestVoucherSigner(s.Pki.Pki);
        var voucher = TestVouchers.Create(signer, OwnerSetup.Serial, owner.Root.Certificate, s.Pki.Pki.Now.AddMinutes(-30));

        using var put = await s.Admin.PutAsync(Vouchers, Json(new JsonObject { ["sztpd-ext:ownership-vouchers"] = OwnerSetup.Vouchers(("v", voucher)) }));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("has no \"sztpd-ext:signed-data\"", (string?)(await ErrorAsync(put))["error-message"], StringComparison.Ordinal);
    }

    private static string OpenSslPem(IEnumerable<System.Security.Cryptography.X509Certificates.X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));
}
