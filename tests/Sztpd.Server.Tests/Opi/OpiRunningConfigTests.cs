using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Passwords;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Opi;

/// <summary>
/// Issue 2's acceptance: the opiproject/sztp running configuration, filled with real values, loads unchanged
/// with one PUT, reads back as it was sent (passwords and activation codes hashed), moves the native interface
/// to the template's port, serves the SBI over TLS with the keystore identity, and survives a restart on each database.
/// </summary>
public sealed class OpiRunningConfigTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task OpiRunningConfig_LoadsWithOnePut_AndSurvivesRestart(string kind)
    {
        using var dir = new TempDirectory();
        var url = Databases.NewUrl(kind, dir.Path);
        using var pki = new OpiPki(DateTimeOffset.UtcNow);
        var (nbi, sbi) = (SztpdProcess.FreePort(), SztpdProcess.FreePort());
        var body = OpiTemplate.Running(pki, nbi, sbi);

        string stored;
        await using (var first = await SztpdProcess.StartAsync(url))
        {
            using (var put = await first.Client.PutAsync(Running, Json(body)))
            {
                Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
            }
            await first.WaitForOutputAsync($"listeners restarted: http://127.0.0.1:{nbi} ");
            using var client = AdminClient(nbi);
            stored = await client.GetStringAsync(Running);
            AssertSameConfiguration(JsonNode.Parse(body)!, JsonNode.Parse(stored)!, "");
            await Assert.ThrowsAsync<HttpRequestException>(() => first.Client.GetAsync("/.well-known/host-meta"));
            await AssertSbiIdentityAsync(pki, sbi);
            Assert.Equal(0, await first.StopAsync());
        }

        var noInit = new Dictionary<string, string?> { ["SZTPD_ACCEPT_CONTRACT"] = null, ["SZTPD_INIT_MODE"] = null };
        await using var second = await SztpdProcess.StartAsync(url, nbi, noInit);
        using var again = AdminClient(nbi);
        Assert.Equal(stored, await again.GetStringAsync(Running));
        await AssertSbiIdentityAsync(pki, sbi);
    }

    [Fact]
    public async Task OpiRedirectConfig_LoadsWithOnePut()
    {
        using var pki = new OpiPki(DateTimeOffset.UtcNow);
        var (nbi, sbi) = (SztpdProcess.FreePort(), SztpdProcess.FreePort());
        var body = OpiTemplate.Redirect(pki, nbi, sbi, "bootstrap", 9090);
        await using var s = await SztpdProcess.StartAsync("sqlite:///:memory:");
        using (var put = await s.Client.PutAsync(Running, Json(body)))
        {
            Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        }
        await s.WaitForOutputAsync($"listeners restarted: http://127.0.0.1:{nbi} ");
        using var client = AdminClient(nbi);
        AssertSameConfiguration(JsonNode.Parse(body)!, JsonNode.Parse(await client.GetStringAsync(Running))!, "");
    }

    private static HttpClient AdminClient(int port)
    {
        var c = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        c.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(OpiTemplate.AdminEmail, OpiTemplate.AdminPassword);
        return c;
    }

    private static async Task AssertSbiIdentityAsync(OpiPki pki, int port)
    {
        var trust = new X509Certificate2Collection { pki.SbiRoot.Certificate, pki.SbiIntermediate1.Certificate };
        using var device = pki.Devices["third-serial-number"].ToTlsCertificate();
        var presented = await Tls.HandshakeAsync(port, trust, device);
        Assert.Equal(pki.SbiEndEntity.Certificate.Thumbprint, presented[0].Thumbprint);
        Assert.Contains(presented, c => c.Thumbprint == pki.SbiIntermediate2.Certificate.Thumbprint);
    }

    /// <summary>Equal JSON (member order aside), except that a <c>$0$</c> clear text must come back as a hash of it.</summary>
    private static void AssertSameConfiguration(JsonNode expected, JsonNode actual, string path)
    {
        switch (expected)
        {
            case JsonObject e:
                var a = Assert.IsType<JsonObject>(actual);
                Assert.True(e.Select(m => m.Key).Order().SequenceEqual(a.Select(m => m.Key).Order()),
                    $"{path}: members {string.Join(",", e.Select(m => m.Key))} came back as {string.Join(",", a.Select(m => m.Key))}");
                foreach (var (name, value) in e)
                {
                    AssertSameConfiguration(value!, a[name]!, $"{path}/{name}");
                }
                break;
            case JsonArray e:
                var list = Assert.IsType<JsonArray>(actual);
                Assert.True(e.Count == list.Count, $"{path}: {e.Count} entries came back as {list.Count}");
                for (var i = 0; i < e.Count; i++)
                {
                    AssertSameConfiguration(e[i]!, list[i]!, $"{path}[{i}]");
                }
                break;
            default:
                var sent = expected.ToJsonString();
                if (expected.GetValueKind() == System.Text.Json.JsonValueKind.String && CryptHash.IsClearText(expected.GetValue<string>()))
                {
                    var hash = actual.GetValue<string>();
                    Assert.StartsWith("$5$", hash);
                    Assert.True(CryptHash.Verify(CryptHash.ClearTextOf(expected.GetValue<string>()), hash), $"{path}: {hash} is not a hash of the clear text sent");
                }
                else
                {
                    Assert.True(sent == actual.ToJsonString(), $"{path}: sent {sent}, read back {actual.ToJsonString()}");
                }
                break;
        }
    }
}
