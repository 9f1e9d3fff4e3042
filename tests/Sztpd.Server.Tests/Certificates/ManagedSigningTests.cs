using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing.Pki;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>A managed owner certificate signs what devices get, and keeps doing so through its renewal.</summary>
public sealed class ManagedSigningTests
{
    private const string Serial = "third-serial-number";

    [Fact]
    public async Task AManagedOwnerCertificate_SignsConveyedInformation_ThatDevicesVerify_BeforeAndAfterItsRenewal()
    {
        TestVoucherSigner? manufacturer = null;
        await using var s = await OpiServer.StartAsync((config, pki) =>
        {
            manufacturer = new TestVoucherSigner(pki.Pki);
            config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Add(Managed("owner-ca", "certificate-authority", null, "CN=Owner Root,O=Sztpd"));
            config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Add(Managed("owner", "signing", "owner-ca", "CN=Owner,O=Sztpd", lifetime: 30, renewBefore: 10));
            config["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "manufacturer-anchors",
                ["certificate"] = new JsonArray(new JsonObject { ["name"] = "masa-root", ["cert-data"] = TestPki.CmsBase64(manufacturer.Root) }),
            });
            config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:signed-data"] = new JsonObject
            {
                ["owner-certificate"] = new JsonObject { ["asymmetric-key"] = "owner", ["certificate"] = "owner" },
                ["voucher-trust-anchors"] = "manufacturer-anchors",
            };
        });
        using var manufacturerScope = manufacturer!;
        // The voucher pins the owner's CA, which a renewal keeps (same key and name).
        var root = (await CertDataAsync(s.Admin, "owner-ca"))[0];
        var now = s.Process.Time.GetUtcNow();
        var voucher = TestVouchers.Create(manufacturer!, Serial, root, now.AddMinutes(-30), now.AddDays(365));
        using (var r = await s.Admin.PutAsync($"{Running}/wn-sztpd-1:devices/device={Serial}/sztpd-ext:ownership-vouchers",
            Json(new JsonObject { ["sztpd-ext:ownership-vouchers"] = OwnerSetup.Vouchers(("v1", voucher)) })))
        {
            Assert.True(r.StatusCode == HttpStatusCode.Created, $"{r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }

        var first = await SignedAsync(s, manufacturer!);
        Assert.Equal((await CertDataAsync(s.Admin, "owner"))[0].Thumbprint, first.Thumbprint);

        var mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(21));
        await s.Process.WaitForOutputAsync("managed certificates renewed: owner", mark);

        var second = await SignedAsync(s, manufacturer!);
        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.NotEqual(first.PublicKey.ExportSubjectPublicKeyInfo(), second.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal((await CertDataAsync(s.Admin, "owner"))[0].Thumbprint, second.Thumbprint);
    }

    /// <summary>Device "third" asks for signed data; the answer must verify as the device verifies it, on the server's clock. Returns the signer's certificate.</summary>
    private static async Task<System.Security.Cryptography.X509Certificates.X509Certificate2> SignedAsync(OpiServer s, TestVoucherSigner manufacturer)
    {
        using var device = s.Third();
        using var r = await device.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {"signed-data-preferred": [null], "hw-model": "model-x"}}"""));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        var output = JsonNode.Parse(body)!["ietf-sztp-bootstrap-server:output"]!;
        byte[] Member(string name) => Convert.FromBase64String((string)output[name]!);
        var verified = SignedDataVerifier.Verify(Member("conveyed-information"), Member("owner-certificate"), Member("ownership-voucher"),
            manufacturer.TrustAnchors, Serial, null, s.Process.Time.GetUtcNow());
        Assert.True(verified.IsValid, verified.Failure);
        return OwnerCertificateCms.Decode(Member("owner-certificate"))[0];
    }
}
