using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>What sztpd issued is recorded, can be revoked, and its CA's CRL, served by sztpd, lists it.</summary>
public sealed class RevocationTests
{
    private const string Revoke = "/restconf/operations/sztpd-ext:revoke-certificate";

    private static StringContent RevokeInput(string issuer, string serial, string? reason = null) => Json(new JsonObject
    {
        ["sztpd-ext:input"] = reason is null
            ? new JsonObject { ["issuer"] = issuer, ["serial-number"] = serial }
            : new JsonObject { ["issuer"] = issuer, ["serial-number"] = serial, ["reason"] = reason },
    });

    internal static async Task<JsonArray> IssuedAsync(HttpClient admin) =>
        JsonNode.Parse(await admin.GetStringAsync($"{Operational}/sztpd-ext:issued-certificates"))!["sztpd-ext:issued-certificates"]!["certificate"]!.AsArray();

    internal static async Task<byte[]> CrlAsync(int port, string path)
    {
        using var anonymous = new HttpClient();
        using var r = await anonymous.GetAsync($"http://127.0.0.1:{port}{path}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/pkix-crl", r.Content.Headers.ContentType?.MediaType);
        return await r.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task AManagedCertificate_IsRecorded_AndOnceRevoked_ItsCasCrlListsIt()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var port = s.Process.Port;
        var ca = Managed("ca", "certificate-authority", null, "CN=Revoking Root");
        ca["sztpd-ext:crl-distribution-point"] = $"http://127.0.0.1:{port}/crl/ca";
        using (var r = await s.Client.SendAsync(Patch(Running, Keystore(ca, Managed("client", "tls-client", "ca", "CN=Client")))))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        var root = (await CertDataAsync(s.Client, "ca"))[0];
        var leaf = (await CertDataAsync(s.Client, "client"))[0];
        Assert.Equal($"http://127.0.0.1:{port}/crl/ca", CrlUrl(leaf));
        Assert.Null(CrlUrl(root));

        var issued = await IssuedAsync(s.Client);
        Assert.Equal(["asymmetric-key \"ca\"", "asymmetric-key \"client\""], issued.Select(c => (string)c!["holder"]!));
        Assert.All(issued, c => Assert.Equal("deployed", (string?)c!["state"]));
        Assert.Equal(leaf.SerialNumber.ToLowerInvariant(), (string?)issued[1]!["serial-number"]);

        var now = s.Process.Time.GetUtcNow();
        var (before, code, _) = CrlCheck(root, await CrlAsync(port, "/crl/ca"), leaf, now);
        Assert.Contains("No Revoked Certificates", before, StringComparison.Ordinal);
        Assert.Equal(0, code);

        // The serial as openssl prints it: uppercase, with colons.
        var printed = string.Join(":", Convert.FromHexString(leaf.SerialNumber).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        using (var r = await s.Client.PostAsync(Revoke, RevokeInput("ca", printed, "key-compromise")))
        {
            var body = await ReadJsonAsync(r);
            Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToJsonString());
            Assert.Equal("asymmetric-key \"client\"", (string?)body["sztpd-ext:output"]!["holder"]);
        }
        var (after, revokedCode, output) = CrlCheck(root, await CrlAsync(port, "/crl/ca"), leaf, now);
        Assert.Contains($"Serial Number: {leaf.SerialNumber}", after, StringComparison.Ordinal);
        Assert.Contains("Key Compromise", after, StringComparison.Ordinal);
        Assert.NotEqual(0, revokedCode);
        Assert.Contains("certificate revoked", output, StringComparison.Ordinal);

        var entry = (await IssuedAsync(s.Client))[1]!;
        Assert.Equal("revoked", (string?)entry["state"]);
        Assert.Equal("key-compromise", (string?)entry["reason"]);

        // Revoking again changes nothing; a serial the CA never issued, or a read-only admin, is refused.
        using (var again = await s.Client.PostAsync(Revoke, RevokeInput("ca", leaf.SerialNumber)))
        {
            Assert.Equal((string?)entry["revoked"], (string?)(await ReadJsonAsync(again))["sztpd-ext:output"]!["revoked"]);
        }
        using (var unknown = await s.Client.PostAsync(Revoke, RevokeInput("ca", "0badc0de")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Equal("/sztpd-ext:input/serial-number", (string?)(await ErrorAsync(unknown))["error-path"]);
        }
        s.Process.UseBasic("reader@example.com", "reader-secret");
        using (var denied = await s.Client.PostAsync(Revoke, RevokeInput("ca", leaf.SerialNumber)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
        s.Process.UseBasic(Admin, Password);
        var notices = JsonNode.Parse(await s.Client.GetStringAsync($"{Operational}/sztpd-ext:notification-log"))!["sztpd-ext:notification-log"]!["log-entry"]!.AsArray();
        var revoked = Assert.Single(notices, n => (string?)n!["event"] == "certificate-revoked")!;
        Assert.Equal("key-compromise", (string?)revoked["message"]);
    }

    [Fact]
    public async Task RevokingAManagedCertificateInForce_ReplacesItAtOnce_AndRenewCertificateRenewsOnDemand()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using (var r = await s.Client.SendAsync(Patch(Running, Keystore(Managed("ca", "certificate-authority", null, "CN=Root"), Managed("client", "tls-client", "ca", "CN=Client")))))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        var first = (await CertDataAsync(s.Client, "client"))[0];
        using (var r = await s.Client.PostAsync(Revoke, RevokeInput("ca", first.SerialNumber, "key-compromise")))
        {
            var output = (await ReadJsonAsync(r))["sztpd-ext:output"]!;
            Assert.True((bool)output["reissued"]!);
        }
        var second = (await CertDataAsync(s.Client, "client"))[0];
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.NotEqual(first.PublicKey.ExportSubjectPublicKeyInfo(), second.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(["revoked", "deployed"], (await IssuedAsync(s.Client)).Skip(1).Select(c => (string?)c!["state"]));

        const string Renew = "/restconf/operations/sztpd-ext:renew-certificate";
        using (var r = await s.Client.PostAsync(Renew, Json(new JsonObject { ["sztpd-ext:input"] = new JsonObject { ["asymmetric-key"] = "ca" } })))
        {
            var body = await ReadJsonAsync(r);
            Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToJsonString());
            Assert.Equal(["ca", "client"], body["sztpd-ext:output"]!["renewed"]!.AsArray().Select(n => (string)n!));
        }
        // ca: archived, deployed; client: revoked, archived (reissued when ca renewed), deployed.
        Assert.Equal(["archived", "archived", "deployed", "deployed", "revoked"], (await IssuedAsync(s.Client)).Select(c => (string)c!["state"]!).Order());
        using (var r = await s.Client.PostAsync(Renew, Json(new JsonObject { ["sztpd-ext:input"] = new JsonObject { ["asymmetric-key"] = "nothing-managed" } })))
        {
            Assert.Equal("/sztpd-ext:input/asymmetric-key", (string?)(await ErrorAsync(r))["error-path"]);
        }
    }

    /// <summary>An imported CA whose certificate has no subject key identifier: its issued certificates and CRL name it by issuer and serial number.</summary>
    [Fact]
    public async Task AnImportedCaWithoutASubjectKeyIdentifier_IssuesAndPublishesItsCrl()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var port = s.Process.Port;
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Old Root Without SKI", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509KeyUsageExtension(
            System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyCertSign | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.CrlSign, true));
        var now = s.Process.Time.GetUtcNow();
        using var root = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        var imported = new JsonObject
        {
            ["name"] = "old-ca",
            ["public-key-format"] = "ietf-crypto-types:subject-public-key-info-format",
            ["public-key"] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            ["private-key-format"] = "ietf-crypto-types:ec-private-key-format",
            ["cleartext-private-key"] = Convert.ToBase64String(key.ExportECPrivateKey()),
            ["certificates"] = new JsonObject
            {
                ["certificate"] = new JsonArray(new JsonObject
                {
                    ["name"] = "old-ca",
                    ["cert-data"] = Convert.ToBase64String(Sztpd.Pki.Cms.CmsCertificates.CreateDegenerate([root])),
                    ["sztpd-ext:certificate-authority"] = new JsonArray((JsonNode?)null),
                })
            },
            ["sztpd-ext:crl-distribution-point"] = $"http://127.0.0.1:{port}/crl/old-ca",
        };
        using (var r = await s.Client.SendAsync(Patch(Running, Keystore(imported, Managed("leaf", "tls-client", "old-ca", "CN=Leaf")))))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        var leaf = (await CertDataAsync(s.Client, "leaf"))[0];
        Assert.Null(Verify(root, leaf, now, purpose: "sslclient"));
        var (_, code, output) = CrlCheck(root, await CrlAsync(port, "/crl/old-ca"), leaf, now);
        Assert.True(code == 0, output);
    }

    [Theory]
    [InlineData("plain", "http://127.0.0.1:1/crl/plain", "only a CA publishes a CRL")]
    [InlineData("ca", "http://127.0.0.1:1/crls/ca", "whose path is \"/crl/ca\"")]
    [InlineData("ca", "ftp://127.0.0.1/crl/ca", "http or https")]
    public async Task ACrlDistributionPoint_OnlyForACa_AtTheCrlsPath(string key, string url, string message)
    {
        await using var s = await ConfiguredServer.StartAsync();
        var (plain, _) = NewEcKey("plain");
        var ca = Managed("ca", "certificate-authority", null, "CN=Root");
        (key == "ca" ? ca : plain)["sztpd-ext:crl-distribution-point"] = url;
        using var r = await s.Client.SendAsync(Patch(Running, Keystore(ca, plain)));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal($"/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key={key}/sztpd-ext:crl-distribution-point", (string?)error["error-path"]);
        Assert.Contains(message, (string)error["error-message"]!, StringComparison.Ordinal);

        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"http://127.0.0.1:{s.Process.Port}/crl/{key}")).StatusCode);
    }
}
