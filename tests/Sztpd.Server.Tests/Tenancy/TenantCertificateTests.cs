using System.Net;
using System.Text.Json.Nodes;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Tenancy;

/// <summary>A tenant's managed keys, issued certificates and CRL are its own.</summary>
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

        // The host revokes for the tenant; the tenant's CRL lists it; the host has no such CRL.
        var owner = (string)issued[1]!["serial-number"]!;
        using (var r = await s.Host.PostAsync("/restconf/operations/sztpd-ext:revoke-certificate",
            Json(new JsonObject { ["sztpd-ext:input"] = new JsonObject { ["tenant"] = "alpha", ["issuer"] = "ca", ["serial-number"] = owner } })))
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
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 X509Certificate(JsonNode entry) =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)entry["certificate"]!));
}
