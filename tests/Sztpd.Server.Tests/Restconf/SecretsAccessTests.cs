using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>
/// Who may read what (docs/security.md): private keys and activation codes are served to <c>unrestricted</c> admins only,
/// and only they may change the keystore, truststore and transport.
/// </summary>
public sealed class SecretsAccessTests
{
    private const string Keys = Running + "/wn-sztpd-1:keystore/asymmetric-keys";
    private const string Device = "/wn-sztpd-1:devices/device=first-serial-number";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every read whose answer would hold the key or the device's activation code.</summary>
    private static readonly string[] Reads =
    [
        Running, Operational, "/restconf/data",
        Running + "/wn-sztpd-1:keystore", Keys, Keys + "/asymmetric-key=k", Operational + "/wn-sztpd-1:keystore",
        Running + "/wn-sztpd-1:devices", Running + Device, Operational + "/wn-sztpd-1:devices", Operational + Device,
    ];

    [Theory]
    [InlineData("reader@example.com", "reader-secret")]
    [InlineData("writer@example.com", "writer-secret")]
    public async Task OtherLevels_NeverGetPrivateKeysOrActivationCodes(string user, string password)
    {
        await using var s = await ConfiguredServer.StartAsync();
        var privateKey = JsonEncoded(await AddKeyAsync(s));
        using (var all = await s.Client.GetAsync(Running, Ct))
        {
            var body = await all.Content.ReadAsStringAsync(Ct);
            Assert.Contains(privateKey, body, StringComparison.Ordinal);
            Assert.Contains("\"activation-code\": \"$5$", body, StringComparison.Ordinal);
        }
        s.Process.UseBasic(user, password);
        foreach (var path in Reads)
        {
            using var get = await s.Client.GetAsync(path, Ct);
            var body = await get.Content.ReadAsStringAsync(Ct);
            Assert.True(get.StatusCode == HttpStatusCode.OK, $"{path}: {body}");
            Assert.DoesNotContain("cleartext-private-key", body, StringComparison.Ordinal);
            Assert.DoesNotContain(privateKey, body, StringComparison.Ordinal);
            Assert.DoesNotContain("activation-code", body, StringComparison.Ordinal);
            Assert.DoesNotContain("$5$", body, StringComparison.Ordinal);
        }
        using (var device = await s.Client.GetAsync(Running + Device, Ct))
        {
            Assert.Equal("my-device-type", (string?)(await ReadJsonAsync(device))["wn-sztpd-1:device"]![0]!["device-type"]);
        }
        using (var key = await s.Client.GetAsync(Keys + "/asymmetric-key=k", Ct))
        {
            Assert.NotNull((await ReadJsonAsync(key))["wn-sztpd-1:asymmetric-key"]![0]!["public-key"]);
        }
        foreach (var path in new[] { Keys + "/asymmetric-key=k/cleartext-private-key", Running + Device + "/activation-code", Operational + Device + "/activation-code" })
        {
            using var leaf = await s.Client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, leaf.StatusCode);
            Assert.DoesNotContain(privateKey, await leaf.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadWrite_CannotChangeKeystoreOrTruststore()
    {
        await using var s = await ConfiguredServer.StartAsync();
        await AddKeyAsync(s);
        var before = await s.RunningJsonAsync();
        s.Process.UseBasic("writer@example.com", "writer-secret");
        var (entry, _) = NewEcKey("replacement");
        using var post = await s.Client.PostAsync(Keys, Json(new JsonObject { ["wn-sztpd-1:asymmetric-key"] = new JsonArray(entry) }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("access-denied", (string?)(await ErrorAsync(post))["error-tag"]);
        using var delete = await s.Client.DeleteAsync(Running + "/wn-sztpd-1:keystore", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        using var trust = await s.Client.PutAsync(Running + "/wn-sztpd-1:truststore", Json(new JsonObject
        {
            ["wn-sztpd-1:truststore"] = new JsonObject { ["certificate-bags"] = new JsonObject { ["certificate-bag"] = new JsonArray(new JsonObject { ["name"] = "b" }) } },
        }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, trust.StatusCode);
        s.Process.UseBasic(Admin, Password);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    /// <summary>Adds keystore key <c>k</c> as the unrestricted admin; returns its <c>cleartext-private-key</c>.</summary>
    private static async Task<string> AddKeyAsync(ConfiguredServer s)
    {
        var (entry, privateKey) = NewEcKey("k");
        using var post = await s.Client.PostAsync(Keys, Json(new JsonObject { ["wn-sztpd-1:asymmetric-key"] = new JsonArray(entry) }), Ct);
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        return privateKey;
    }

}
