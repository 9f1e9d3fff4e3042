using System.Net;
using System.Text.Json.Nodes;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Tenancy;

/// <summary>A tenant's managed keys, issued certificates, CRL and certificate RPCs are its own.</summary>
public sealed class TenantCertificateTests
{
    [Fact]
    public async Task ATenantsCa_IssuesInItsKeystore_PublishesItsCrlUnderItsName_AndOnlyItsAdminsSeeWhatItIssued()
    {
        await using var s = await TenancyServer.StartAsync();
        var entry = s.Entry("alpha");
        var ca = Managed("ca", "certificate-authority", null, "CN=Alpha Root");
        ca["sztpd-ext:crl-distribution-point"] = $"http://127.0.0.1:{s.NbiPort}/crl/ca";
        entry["wn-sztpd-1:keystore"] = Keystore(ca, Managed("owner", "signing", "ca", "CN=Alpha Owner"))["wn-sztpd-1:keystore"]!.DeepClone();
        using (var refused = await s.CreateTenantAsync((JsonObject)entry.DeepClone()))
        {
            // A tenant's CRL is published under its name: "/crl/alpha/ca".
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var why = await refused.Content.ReadAsStringAsync();
            Assert.True(why.Contains("\\u0022/crl/alpha/ca\\u0022", StringComparison.Ordinal), why);
        }
        entry["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]![0]!["sztpd-ext:crl-distribution-point"] = $"http://127.0.0.1:{s.NbiPort}/crl/alpha/ca";
        using (var created = await s.CreateTenantAsync(entry))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        using (var beta = await s.CreateTenantAsync(s.Entry("beta")))
        {
            Assert.Equal(HttpStatusCode.Created, beta.StatusCode);
        }

        using var alpha = s.TenantAdmin("alpha");
        var issued = await Certificates.RevocationTests.IssuedAsync(alpha);
        Assert.Equal(["asymmetric-key \"ca\"", "asymmetric-key \"owner\""], issued.Select(c => (string)c!["holder"]!));
        using var betaAdmin = s.TenantAdmin("beta");
        Assert.Empty(await Certificates.RevocationTests.IssuedAsync(betaAdmin));
        Assert.Empty(await Certificates.RevocationTests.IssuedAsync(s.Host));
        // The host reads them through its view of the tenant.
        var hostView = JsonNode.Parse(await s.Host.GetStringAsync($"{Operational}/wn-sztpd-x:tenants/tenant=alpha/sztpd-ext:issued-certificates"))!;
        Assert.Equal(issued.Select(c => (string?)c!["serial-number"]), hostView["sztpd-ext:issued-certificates"]!["certificate"]!.AsArray().Select(c => (string?)c!["serial-number"]));

        // Beta's admin can neither revoke nor export alpha's; nor name a tenant on the tenant interface.
        var owner = (string)issued[1]!["serial-number"]!;
        static StringContent RevokeOwner(string serial, string? tenant = null) => Json(new JsonObject
        {
            ["sztpd-ext:input"] = tenant is null
                ? new JsonObject { ["issuer"] = "ca", ["serial-number"] = serial }
                : new JsonObject { ["tenant"] = tenant, ["issuer"] = "ca", ["serial-number"] = serial },
        });
        const string Revoke = "/restconf/operations/sztpd-ext:revoke-certificate";
        using (var r = await betaAdmin.PostAsync(Revoke, RevokeOwner(owner)))
        {
            Assert.Equal("/sztpd-ext:input/serial-number", (string?)(await ErrorAsync(r))["error-path"]);
        }
        using (var r = await betaAdmin.PostAsync(Revoke, RevokeOwner(owner, "alpha")))
        {
            Assert.Equal("/sztpd-ext:input/tenant", (string?)(await ErrorAsync(r))["error-path"]);
        }
        using (var r = await betaAdmin.PostAsync("/restconf/operations/sztpd-ext:export-certificate",
            Json(new JsonObject { ["sztpd-ext:input"] = new JsonObject { ["asymmetric-key"] = "owner" } })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }
        using (var r = await alpha.PostAsync("/restconf/operations/sztpd-ext:export-certificate",
            Json(new JsonObject { ["sztpd-ext:input"] = new JsonObject { ["asymmetric-key"] = "owner" } })))
        {
            Assert.Contains("BEGIN CERTIFICATE", (string)(await ReadJsonAsync(r))["sztpd-ext:output"]!["pem"]!, StringComparison.Ordinal);
        }

        // Alpha's admin revokes its own; alpha's CRL lists it; the host has no such CRL.
        using (var r = await alpha.PostAsync(Revoke, RevokeOwner(owner)))
        {
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        var root = X509Certificate(issued[0]!);
        var leaf = X509Certificate(issued[1]!);
        var (text, code, output) = CrlCheck(root, await Certificates.RevocationTests.CrlAsync(s.NbiPort, "/crl/alpha/ca"), leaf, s.Process.Time.GetUtcNow());
        Assert.Contains($"Serial Number: {leaf.SerialNumber}", text, StringComparison.Ordinal);
        Assert.True(code != 0, output);
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"http://127.0.0.1:{s.NbiPort}/crl/ca")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"http://127.0.0.1:{s.NbiPort}/crl/beta/ca")).StatusCode);
        Assert.Equal("revoked", (string?)(await Certificates.RevocationTests.IssuedAsync(alpha))[1]!["state"]);

        // A host admin revokes for a tenant by naming it.
        using (var r = await s.Host.PostAsync(Revoke, RevokeOwner((string)issued[0]!["serial-number"]!, "alpha")))
        {
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        Assert.Equal("revoked", (string?)(await Certificates.RevocationTests.IssuedAsync(alpha))[0]!["state"]);
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 X509Certificate(JsonNode entry) =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)entry["certificate"]!));
}
