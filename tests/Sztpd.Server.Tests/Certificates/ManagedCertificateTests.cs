using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>Keys sztpd manages: a local CA issues a listener's certificate, which is renewed before it expires.</summary>
public sealed class ManagedCertificateTests
{
    private static async Task PatchAsync(ConfiguredServer s, JsonObject body)
    {
        using var r = await s.Client.SendAsync(Patch(Running, body));
        Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
    }

    private static async Task<JsonArray> NotificationsAsync(ConfiguredServer s) =>
        JsonNode.Parse(await s.Client.GetStringAsync($"{Operational}/sztpd-ext:notification-log"))!["sztpd-ext:notification-log"]?["log-entry"]?.AsArray() ?? [];

    [Fact]
    public async Task LocalCaIssuesTheSouthboundCertificate_RenewedBeforeItExpires_OnTheRunningListener()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var port = SztpdProcess.FreePort();
        var mark = s.Process.OutputMark;
        await PatchAsync(s, Keystore(Managed("ca", "certificate-authority", null, "CN=Sztpd Test Root CA,O=Sztpd"),
            Managed("sbi", "tls-server", "ca", "CN=localhost,O=Sztpd", lifetime: 30, renewBefore: 10, "localhost")));
        await PatchAsync(s, HttpsSbi(port, "sbi"));
        await s.Process.WaitForOutputAsync($"https://127.0.0.1:{port} ", mark);

        var root = (await CertDataAsync(s.Client, "ca"))[0];
        var issued = await StateAsync(s.Client, "sbi");
        var first = await PresentedAsync(port, root, s.Process.Time);
        Assert.Equal((string)issued["serial-number"]!, first.SerialNumber.ToLowerInvariant());
        Assert.Equal(root.Subject, (string)issued["issuer"]!);
        Assert.Equal(s.Process.Time.GetUtcNow().AddDays(30).ToUnixTimeSeconds(), DateTimeOffset.Parse((string)issued["not-after"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), 1.0);
        Assert.Null(Verify(root, first, s.Process.Time.GetUtcNow()));
        Assert.Equal(["endpoint \"sbi\""], issued["used-by"]!.AsArray().Select(u => (string)u!));
        Assert.Equal(["asymmetric-key \"sbi\""], (await StateAsync(s.Client, "ca"))["used-by"]!.AsArray().Select(u => (string)u!));
        var names = first.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback], names.EnumerateIPAddresses());

        // A client keeps its connection open across the renewal.
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = Tls.TrustOnlyAt(root, s.Process.Time) },
            ConnectCallback = async (context, ct) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var kept = new HttpClient(handler) { BaseAddress = new Uri($"https://localhost:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await kept.GetAsync("/healthz")).StatusCode);

        mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(20) + TimeSpan.FromHours(1));
        await s.Process.WaitForOutputAsync("managed certificates renewed: sbi", mark);
        await s.Process.WaitForOutputAsync("listeners updated", mark);

        var renewed = await StateAsync(s.Client, "sbi");
        var second = await PresentedAsync(port, root, s.Process.Time);
        Assert.NotEqual((string)issued["serial-number"]!, (string)renewed["serial-number"]!);
        Assert.Equal((string)renewed["serial-number"]!, second.SerialNumber.ToLowerInvariant());
        Assert.NotEqual(first.PublicKey.ExportSubjectPublicKeyInfo(), second.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Null(Verify(root, second, s.Process.Time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, (await kept.GetAsync("/healthz")).StatusCode);
        Assert.Equal(1, connections);
        Assert.DoesNotContain(s.Process.Logs.GetSnapshot().Skip(mark), l => l.Message.Contains("listeners restarted", StringComparison.Ordinal));

        var notices = (await NotificationsAsync(s)).Where(n => (string?)n!["event"] == "certificate-issued" && ((string?)n["subject"])!.Contains("\"sbi\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, notices.Count);
        Assert.Contains((string)renewed["serial-number"]!, (string)notices[1]!["subject"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewingTheCaKeepsItsKey_AndReissuesWhatItIssued()
    {
        await using var s = await ConfiguredServer.StartAsync();
        await PatchAsync(s, Keystore(Managed("ca", "certificate-authority", null, "CN=Short Root", lifetime: 30, renewBefore: 10),
            Managed("owner", "signing", "ca", "CN=Owner", lifetime: 25, renewBefore: 5)));
        var caBefore = await EntryAsync(s.Client, "ca");
        var ownerBefore = await CertDataAsync(s.Client, "owner");

        var mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(21));
        await s.Process.WaitForOutputAsync("managed certificates renewed: ca, owner", mark);

        var caAfter = await EntryAsync(s.Client, "ca");
        Assert.Equal((string)caBefore["public-key"]!, (string)caAfter["public-key"]!);
        Assert.NotEqual(caBefore["certificates"]!.ToJsonString(), caAfter["certificates"]!.ToJsonString());
        var root = (await CertDataAsync(s.Client, "ca"))[0];
        var owner = await CertDataAsync(s.Client, "owner");
        Assert.NotEqual(ownerBefore[0].Thumbprint, owner[0].Thumbprint);
        Assert.Equal(root.Thumbprint, owner[1].Thumbprint);
        Assert.Null(Verify(root, owner[0], s.Process.Time.GetUtcNow(), purpose: "any"));
        // What the old CA certificate issued still verifies under the renewed one (same key, same name).
        Assert.Null(Verify(root, ownerBefore[0], s.Process.Time.GetUtcNow(), purpose: "any"));
    }

    [Fact]
    public async Task ARenewalThatCannotBeMade_IsNotifiedOnce_AndTheCertificateStaysInForce()
    {
        await using var s = await ConfiguredServer.StartAsync();
        // A CA that is not renewed soon enough: the leaf, capped at the CA's expiry, comes due first.
        await PatchAsync(s, Keystore(Managed("ca", "certificate-authority", null, "CN=Lazy Root", lifetime: 40, renewBefore: 1),
            Managed("client", "tls-client", "ca", "CN=Client", lifetime: 90, renewBefore: 30)));
        var before = await StateAsync(s.Client, "client");

        var mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(11));
        await s.Process.WaitForOutputAsync("asymmetric-key \"client\" not renewed", mark);
        await s.Process.LogsSettledAsync();
        mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromHours(1));
        await s.Process.WaitForOutputAsync("asymmetric-key \"client\" not renewed", mark);

        var failed = (await NotificationsAsync(s)).Where(n => (string?)n!["event"] == "certificate-renewal-failed").ToList();
        var notice = Assert.Single(failed);
        Assert.Contains("renew local-ca \"ca\" first", (string)notice!["message"]!, StringComparison.Ordinal);
        Assert.Equal((string)before["serial-number"]!, (string)(await StateAsync(s.Client, "client"))["serial-number"]!);
    }

    [Fact]
    public async Task ACaPublishedToABag_IsKeptThereThroughItsRenewal_AndLeavesWhenNoLongerListed()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var ca = Managed("ca", "certificate-authority", null, "CN=Published Root", lifetime: 30, renewBefore: 10);
        ca["sztpd-ext:managed"]!["publish-to-bag"] = new JsonArray("devices");
        var body = Keystore(ca);
        body["wn-sztpd-1:truststore"] = JsonNode.Parse("""{"certificate-bags": {"certificate-bag": [{"name": "devices"}]}}""");
        await PatchAsync(s, body);
        const string Bag = Running + "/wn-sztpd-1:truststore/certificate-bags/certificate-bag=devices";
        async Task<JsonArray> BagAsync() => JsonNode.Parse(await s.Client.GetStringAsync(Bag))!["wn-sztpd-1:certificate-bag"]![0]!["certificate"]?.AsArray() ?? [];
        async Task<string> CaDataAsync() => (string)(await EntryAsync(s.Client, "ca"))["certificates"]!["certificate"]![0]!["cert-data"]!;

        var entry = Assert.Single(await BagAsync())!;
        Assert.Equal(("ca", await CaDataAsync()), ((string?)entry["name"], (string?)entry["cert-data"]));

        var other = TrustedRoot();
        using (var changed = await s.Client.SendAsync(Patch(Bag, JsonNode.Parse($$"""
            {"wn-sztpd-1:certificate-bag": [{"name": "devices", "certificate": [{"name": "ca", "cert-data": "{{other}}"}]}]}
            """)!)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
            Assert.Contains("is published by sztpd", (string)(await ErrorAsync(changed))["error-message"]!, StringComparison.Ordinal);
        }

        var mark = s.Process.OutputMark;
        var before = await CaDataAsync();
        s.Process.Time.Advance(TimeSpan.FromDays(21));
        await s.Process.WaitForOutputAsync("managed certificates renewed: ca", mark);
        var renewed = await CaDataAsync();
        Assert.NotEqual(before, renewed);
        Assert.Equal(renewed, (string?)Assert.Single(await BagAsync())!["cert-data"]);

        var unlisted = Managed("ca", "certificate-authority", null, "CN=Published Root", lifetime: 30, renewBefore: 10);
        using (var put = await s.Client.PutAsync($"{Keys}/asymmetric-key=ca/sztpd-ext:managed", Json(new JsonObject { ["sztpd-ext:managed"] = unlisted["sztpd-ext:managed"]!.DeepClone() })))
        {
            Assert.True(put.StatusCode == HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        }
        Assert.Empty(await BagAsync());
    }

    /// <summary>The cert-data of some other self-signed root.</summary>
    private static string TrustedRoot()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        using var root = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Other Root", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(Sztpd.Pki.Cms.CmsCertificates.CreateDegenerate([root]));
    }

    [Theory]
    [InlineData("tls-server", null, 90, 30, "/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=leaf/sztpd-ext:managed/self-signed", "only a certificate-authority may be self-signed")]
    [InlineData("tls-server", "leaf", 90, 30, "/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=leaf/sztpd-ext:managed/local-ca", "lead back to it")]
    [InlineData("tls-server", "plain", 90, 30, "/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=leaf/sztpd-ext:managed/local-ca", "exactly one certificate marked")]
    [InlineData("tls-server", "ca", 30, 30, "/wn-sztpd-1:keystore/asymmetric-keys/asymmetric-key=leaf/sztpd-ext:managed/renew-before", "must be less than the lifetime")]
    public async Task ADeclarationThatCannotBeIssued_IsRefused_NamingTheLeaf_AndChangesNothing(string profile, string? issuer, int lifetime, int renewBefore, string path, string message)
    {
        await using var s = await ConfiguredServer.StartAsync();
        var (plain, _) = NewEcKey("plain");
        await PatchAsync(s, Keystore(Managed("ca", "certificate-authority", null, "CN=Root"), plain));
        var before = await s.RunningJsonAsync();

        using var r = await s.Client.SendAsync(Patch(Running, Keystore(Managed("leaf", profile, issuer, "CN=Leaf", lifetime, renewBefore))));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal(path, (string?)error["error-path"]);
        Assert.Contains(message, (string)error["error-message"]!, StringComparison.Ordinal);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task AnEditMayLeaveAManagedKeysMaterialOut_ButNotChangeIt()
    {
        await using var s = await ConfiguredServer.StartAsync();
        await PatchAsync(s, Keystore(Managed("ca", "certificate-authority", null, "CN=Root")));
        var issued = await EntryAsync(s.Client, "ca");

        // A whole-keystore PUT without the material (a tool's file) keeps it.
        using (var r = await s.Client.PutAsync($"{Running}/wn-sztpd-1:keystore", Json(Keystore(Managed("ca", "certificate-authority", null, "CN=Root")))))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        Assert.Equal(issued.ToJsonString(), (await EntryAsync(s.Client, "ca")).ToJsonString());

        var (other, otherKey) = NewEcKey("ca");
        other["sztpd-ext:managed"] = issued["sztpd-ext:managed"]!.DeepClone();
        using var refused = await s.Client.SendAsync(Patch(Running, Keystore(other)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(body.Contains("is written by sztpd", StringComparison.Ordinal), body);
        Assert.DoesNotContain(JsonEncoded(otherKey), body, StringComparison.Ordinal);
        Assert.Equal(issued.ToJsonString(), (await EntryAsync(s.Client, "ca")).ToJsonString());
    }
}
