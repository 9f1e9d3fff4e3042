using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Keys;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Storage;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>
/// A CA's key rollover (docs/certificates.md): the next CA certificate is published in the truststore bag and the
/// conveyed trust anchor before the switch, replaces the one in force at switch-at (what the CA issues is reissued under
/// it), and the previous one stays published until it expires.
/// </summary>
public sealed class RolloverTests
{
    private const string Bag = Running + "/wn-sztpd-1:truststore/certificate-bags/certificate-bag=devices";
    private const string Server = Running + "/wn-sztpd-1:bootstrap-servers/bootstrap-server=bs";

    private static async Task PatchAsync(ConfiguredServer s, JsonNode body)
    {
        using var r = await s.Client.SendAsync(Patch(Running, body));
        Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
    }

    /// <summary>A root CA published to bag "devices" and bootstrap server "bs", and what it serves (with <paramref name="port"/>: a listener's certificate).</summary>
    private static async Task SetUpAsync(ConfiguredServer s, int? port = null)
    {
        var ca = Managed("ca", "certificate-authority", null, "CN=Rolling Root,O=Sztpd", lifetime: 60, renewBefore: 20);
        ca["sztpd-ext:managed"]!["publish-to-bag"] = new JsonArray("devices");
        ca["sztpd-ext:managed"]!["publish-to-bootstrap-server"] = new JsonArray("bs");
        var body = port is null ? Keystore(ca) : Keystore(ca, Managed("sbi", "tls-server", "ca", "CN=localhost,O=Sztpd", lifetime: 30, renewBefore: 10, "localhost"));
        body["wn-sztpd-1:truststore"] = JsonNode.Parse("""{"certificate-bags": {"certificate-bag": [{"name": "devices"}]}}""");
        body["wn-sztpd-1:bootstrap-servers"] = JsonNode.Parse("""{"bootstrap-server": [{"name": "bs", "address": "127.0.0.1", "port": 8443}]}""");
        await PatchAsync(s, body);
        if (port is { } p)
        {
            var mark = s.Process.OutputMark;
            await PatchAsync(s, HttpsSbi(p, "sbi"));
            await s.Process.WaitForOutputAsync($"https://127.0.0.1:{p} ", mark);
        }
    }

    private static Task ScheduleAsync(ConfiguredServer s, DateTimeOffset switchAt, string? keyAlgorithm = null)
    {
        var rollover = new JsonObject { ["switch-at"] = switchAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
        if (keyAlgorithm is not null)
        {
            rollover["key-algorithm"] = keyAlgorithm;
        }
        return PatchAsync(s, Keystore(new JsonObject { ["name"] = "ca", ["sztpd-ext:managed"] = new JsonObject { ["rollover"] = rollover } }));
    }

    /// <summary>The thumbprints of the certificates of bag "devices"'s one entry, "ca", which device types reference to verify devices.</summary>
    private static async Task<string[]> BagEntryAsync(ConfiguredServer s)
    {
        var entry = Assert.Single(JsonNode.Parse(await s.Client.GetStringAsync(Bag))!["wn-sztpd-1:certificate-bag"]![0]!["certificate"]!.AsArray())!;
        Assert.Equal("ca", (string?)entry["name"]);
        return [.. CmsCertificates.Decode(Convert.FromBase64String((string)entry["cert-data"]!)).Select(c => c.Thumbprint).Order()];
    }

    /// <summary>The thumbprints of the certificates of bootstrap server "bs"'s trust-anchor, which redirect information conveys.</summary>
    private static async Task<string[]> TrustAnchorAsync(ConfiguredServer s)
    {
        var anchor = (string?)JsonNode.Parse(await s.Client.GetStringAsync(Server))!["wn-sztpd-1:bootstrap-server"]![0]!["trust-anchor"];
        return anchor is null ? [] : [.. CmsCertificates.Decode(Convert.FromBase64String(anchor)).Select(c => c.Thumbprint).Order()];
    }

    private static string[] Sorted(params string[] thumbprints) => [.. thumbprints.Order()];

    private static X509Certificate2 First(string certData) => CmsCertificates.Decode(Convert.FromBase64String(certData))[0];

    private static async Task<Dictionary<string, string>> StatesAsync(ConfiguredServer s) =>
        JsonNode.Parse(await s.Client.GetStringAsync($"{Operational}/sztpd-ext:issued-certificates"))!["sztpd-ext:issued-certificates"]!["certificate"]!.AsArray()
            .ToDictionary(c => (string)c!["serial-number"]!, c => (string)c!["state"]!);

    [Fact]
    public async Task TheNextCa_IsPrepublished_SwitchedToAtItsTime_AndThePreviousStaysPublishedUntilItExpires()
    {
        using var dir = new TempDirectory();
        var url = $"sqlite:///{dir.Combine("sztpd.db")}";
        await using var s = await ConfiguredServer.StartAsync(url, dir.WriteText("kek", KeyRing.NewKeyFileText()));
        var port = SztpdProcess.FreePort();
        await SetUpAsync(s, port);
        var oldData = (string)(await EntryAsync(s.Client, "ca"))["certificates"]!["certificate"]![0]!["cert-data"]!;
        var oldRoot = First(oldData);
        var oldServer = await PresentedAsync(port, oldRoot, s.Process.Time);
        var start = s.Process.Time.GetUtcNow();

        await ScheduleAsync(s, start.AddDays(5), "ec-p384");

        // Before the switch: the next root is made, published beside the current one, and recorded as prepublished.
        var entry = await EntryAsync(s.Client, "ca");
        var rollover = entry["sztpd-ext:managed"]!["rollover"]!;
        var nextData = (string)rollover["cert-data"]!;
        var next = First(nextData);
        Assert.Equal(oldRoot.Subject, next.Subject);
        Assert.Equal(next.Subject, next.Issuer);
        Assert.Equal(384, next.GetECDsaPublicKey()!.KeySize);
        Assert.Equal(oldData, (string)entry["certificates"]!["certificate"]![0]!["cert-data"]!);
        Assert.Equal(Sorted(oldRoot.Thumbprint, next.Thumbprint), await BagEntryAsync(s));
        Assert.Equal(Sorted(oldRoot.Thumbprint, next.Thumbprint), await TrustAnchorAsync(s));
        Assert.Equal("prepublished", (await StatesAsync(s))[next.SerialNumber.ToLowerInvariant()]);
        Assert.Equal(oldServer.Thumbprint, (await PresentedAsync(port, oldRoot, s.Process.Time)).Thumbprint);

        // The next private key is secret: encrypted at rest, and hidden from a read-write admin.
        var nextKey = (string)rollover["cleartext-private-key"]!;
        await using (var raw = await DataStoreFactory.OpenAsync(DatabaseUrl.Parse(url), null, TestContext.Current.CancellationToken))
        {
            var stored = (await raw.LoadTopLevelAsync(TestContext.Current.CancellationToken))["wn-sztpd-1:keystore"];
            Assert.DoesNotContain(nextKey, stored, StringComparison.Ordinal);
            // ca's, sbi's and the next one.
            Assert.Equal(3, JsonNode.Parse(stored)!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Sum(k => k!.ToJsonString().Split("sealed-private-key").Length - 1));
        }
        using (var writer = Tenancy.TenancyServer.Client(s.Process.Port, "writer@example.com", "writer-secret"))
        {
            var seen = await writer.GetStringAsync($"{Keys}/asymmetric-key=ca");
            Assert.DoesNotContain("cleartext-private-key", seen, StringComparison.Ordinal);
            Assert.Equal((string)rollover["public-key"]!, (string?)JsonNode.Parse(seen)!["wn-sztpd-1:asymmetric-key"]![0]!["sztpd-ext:managed"]!["rollover"]!["public-key"]);
        }

        // What sztpd wrote may be left out of an edit, but not changed.
        rollover["cert-data"] = oldData;
        using (var changed = await s.Client.SendAsync(Patch(Running, Keystore(new JsonObject { ["name"] = "ca", ["sztpd-ext:managed"] = new JsonObject { ["rollover"] = rollover.DeepClone() } }))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
            var error = await ErrorAsync(changed);
            Assert.Equal("/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=ca/sztpd-ext:managed/rollover/cert-data", (string)error["error-path"]!);
            Assert.DoesNotContain(nextKey, error.ToJsonString(), StringComparison.Ordinal);
        }

        // At switch-at the next key is in force, and the listener's certificate is reissued under it.
        var mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await s.Process.WaitForOutputAsync("managed certificates renewed: ca, sbi", mark);
        // The listener takes the reissued certificate from a handshake after the commit.
        var reissued = (await CertDataAsync(s.Client, "sbi"))[0].Thumbprint;
        await ServesAsync(port, reissued);
        entry = await EntryAsync(s.Client, "ca");
        Assert.Null(entry["sztpd-ext:managed"]!["rollover"]);
        Assert.Equal("ec-p384", (string?)entry["sztpd-ext:managed"]!["key-algorithm"]);
        Assert.Equal(nextData, (string)entry["certificates"]!["certificate"]![0]!["cert-data"]!);
        Assert.Equal(oldData, (string?)entry["sztpd-ext:managed"]!["previous-cert-data"]);
        Assert.Equal(Sorted(oldRoot.Thumbprint, next.Thumbprint), await BagEntryAsync(s));
        Assert.Equal(Sorted(oldRoot.Thumbprint, next.Thumbprint), await TrustAnchorAsync(s));
        var newServer = await PresentedAsync(port, next, s.Process.Time);
        Assert.Equal(next.Subject, newServer.Issuer);
        Assert.Null(Verify(next, newServer, s.Process.Time.GetUtcNow()));
        Assert.NotNull(Verify(next, oldServer, s.Process.Time.GetUtcNow()));
        Assert.Null(Verify(oldRoot, oldServer, s.Process.Time.GetUtcNow()));
        var states = await StatesAsync(s);
        Assert.Equal("deployed", states[next.SerialNumber.ToLowerInvariant()]);
        Assert.Equal("archived", states[oldRoot.SerialNumber.ToLowerInvariant()]);

        // The previous root is published until it expires, then no more.
        s.Process.Time.Advance(oldRoot.NotAfter.ToUniversalTime() - s.Process.Time.GetUtcNow() + TimeSpan.FromHours(1));
        await WaitUntilAsync(async () => (await BagEntryAsync(s)).Length == 1, "the previous root leaving the bag");
        entry = await EntryAsync(s.Client, "ca");
        Assert.Null(entry["sztpd-ext:managed"]!["previous-cert-data"]);
        // By then the new root was renewed (with its key): the trust anchor holds what is in force.
        var renewed = First((string)entry["certificates"]!["certificate"]![0]!["cert-data"]!);
        Assert.Equal(next.PublicKey.ExportSubjectPublicKeyInfo(), renewed.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal([renewed.Thumbprint], await TrustAnchorAsync(s));
        Assert.Equal([renewed.Thumbprint], await BagEntryAsync(s));
    }

    [Fact]
    public async Task ACancelledRollover_UnpublishesTheNextCa_AndOnlyACaRollsOver()
    {
        await using var s = await ConfiguredServer.StartAsync();
        await SetUpAsync(s);
        var before = await EntryAsync(s.Client, "ca");
        await ScheduleAsync(s, s.Process.Time.GetUtcNow().AddDays(30));
        var next = First((string)(await EntryAsync(s.Client, "ca"))["sztpd-ext:managed"]!["rollover"]!["cert-data"]!);
        Assert.Equal(256, next.GetECDsaPublicKey()!.KeySize);
        Assert.Equal(2, (await TrustAnchorAsync(s)).Length);
        Assert.Equal(2, (await BagEntryAsync(s)).Length);

        using (var revoke = await s.Client.PostAsync("/restconf/operations/sztpd-ext:revoke-certificate",
            Json(new JsonObject { ["sztpd-ext:input"] = new JsonObject { ["issuer"] = "ca", ["serial-number"] = next.SerialNumber } })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, revoke.StatusCode);
            Assert.Contains("cancel the rollover", (string)(await ErrorAsync(revoke))["error-message"]!, StringComparison.Ordinal);
        }

        using (var cancel = await s.Client.DeleteAsync($"{Keys}/asymmetric-key=ca/sztpd-ext:managed/rollover"))
        {
            Assert.True(cancel.StatusCode == HttpStatusCode.NoContent, await cancel.Content.ReadAsStringAsync());
        }
        var after = await EntryAsync(s.Client, "ca");
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        var inForce = First((string)after["certificates"]!["certificate"]![0]!["cert-data"]!).Thumbprint;
        Assert.Equal([inForce], await BagEntryAsync(s));
        Assert.Equal([inForce], await TrustAnchorAsync(s));
        Assert.Equal("archived", (await StatesAsync(s))[next.SerialNumber.ToLowerInvariant()]);

        await PatchAsync(s, Keystore(Managed("leaf", "tls-client", "ca", "CN=Leaf")));
        var leafRollover = new JsonObject { ["name"] = "leaf", ["sztpd-ext:managed"] = new JsonObject { ["rollover"] = new JsonObject { ["switch-at"] = "2099-01-01T00:00:00Z" } } };
        using var refused = await s.Client.SendAsync(Patch(Running, Keystore(leafRollover)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await ErrorAsync(refused);
        Assert.Equal("/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=leaf/sztpd-ext:managed/rollover", (string)error["error-path"]!);
        Assert.Contains("only a CA's key is rolled over", (string)error["error-message"]!, StringComparison.Ordinal);
    }
}
