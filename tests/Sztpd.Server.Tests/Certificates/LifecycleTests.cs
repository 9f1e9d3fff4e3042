using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Pki.Cms;
using Sztpd.Pki.Vouchers;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using Sztpd.Testing.Pki;
using static Sztpd.Server.Tests.Certificates.ManagedKeysSetup;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Certificates;

/// <summary>
/// The certificate lifecycle end to end (docs/certificates.md): sztpd's own CA issues the southbound certificate and the
/// devices' certificates, another the owner certificate; a device bootstraps (TLS checked and signed data verified on
/// sztpd's clock) through the renewals, through a CA rollover it was prepared for by pre-publication, and has a
/// certificate revoked; the notices arrive by webhook and by e-mail.
/// </summary>
public sealed class LifecycleTests : IDisposable
{
    private const string Serial = "third-serial-number";
    private readonly CalloutSetup _setup = new(new TestPki(DateTimeOffset.UtcNow));
    private readonly TempDirectory _dir = new("sztpd-lifecycle");

    public void Dispose()
    {
        _setup.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task DevicesKeepBootstrapping_ThroughRenewalRolloverAndRevocation_AndTheNoticesArrive()
    {
        await using var webhook = await WebhookReceiver.StartAsync(204, null);
        var (smtp, smtpPort) = await SmtpReceiver.StartAsync(_dir, _setup, "sztpd", "mail-secret");
        using var smtpScope = smtp;
        TestVoucherSigner? manufacturer = null;
        await using var s = await OpiServer.StartAsync((config, pki) =>
        {
            manufacturer = new TestVoucherSigner(pki.Pki);
            _setup.AddKeys(config);
            var ca = Managed("ca", "certificate-authority", null, "CN=Lifecycle Root,O=Sztpd", lifetime: 365, renewBefore: 100);
            ca["sztpd-ext:managed"]!["publish-to-bag"] = new JsonArray("device-cas");
            var keys = config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray();
            keys.Add(ca);
            keys.Add(Managed("sbi", "tls-server", "ca", "CN=localhost,O=Sztpd", lifetime: 30, renewBefore: 10, "localhost"));
            keys.Add(Managed("owner-ca", "certificate-authority", null, "CN=Owner Root,O=Sztpd"));
            keys.Add(Managed("owner", "signing", "owner-ca", "CN=Owner,O=Sztpd", lifetime: 30, renewBefore: 10));
            var bags = config["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]!.AsArray();
            bags.Add(new JsonObject { ["name"] = "device-cas" });
            bags.Add(new JsonObject
            {
                ["name"] = "manufacturer-anchors",
                ["certificate"] = new JsonArray(new JsonObject { ["name"] = "masa-root", ["cert-data"] = TestPki.CmsBase64(manufacturer.Root) }),
            });
            var sbi = config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Single(e => (string?)e!["name"] == "rfc8572-interface")!;
            sbi["https"]!["tls-server-parameters"]!["server-identity"] = JsonNode.Parse("""{"certificate": {"reference": {"asymmetric-key": "sbi", "certificate": "sbi"}}}""");
            var type = config["wn-sztpd-1:device-types"]!["device-type"]![0]!;
            type["sztpd-ext:signed-data"] = new JsonObject
            {
                ["owner-certificate"] = new JsonObject { ["asymmetric-key"] = "owner", ["certificate"] = "owner" },
                ["voucher-trust-anchors"] = "manufacturer-anchors",
            };
            type["sztpd-ext:csr"] = JsonNode.Parse("""{"certificate-authority": {"asymmetric-key": "ca", "certificate": "ca"}, "key": "new-key", "validity-days": 20}""");
            var callout = CalloutSetup.Callout("notify", "x", null, CalloutSetup.Http("operations", webhook.Port));
            callout["rpc-supported"] = "sztpd-ext:relay-notification-log-record";
            config["wn-sztpd-1:dynamic-callouts"] = new JsonObject { ["dynamic-callout"] = new JsonArray(callout) };
            config["wn-sztpd-1:preferences"] = JsonNode.Parse($$"""
                {"outbound-interactions": {"sztpd-ext:relay-notification-log-record-callout": "notify"},
                 "sztpd-ext:email": {"server-address": "127.0.0.1", "server-port": {{smtpPort}}, "security": "starttls", "server-ca-certs": "webhook-ca",
                   "username": "sztpd", "from": "sztpd@example.com", "notify": ["pki@example.com"]} }
                """);
        }, smtpPassword: "mail-secret");
        using var manufacturerScope = manufacturer!;
        await PatchAsync(s, Keystore(new JsonObject { ["name"] = "ca", ["sztpd-ext:crl-distribution-point"] = $"http://127.0.0.1:{s.NbiPort}/crl/ca" }));
        var ownerRoot = (await CertDataAsync(s.Admin, "owner-ca"))[0];
        var now = s.Process.Time.GetUtcNow();
        using (var r = await s.Admin.PutAsync($"{Running}/wn-sztpd-1:devices/device={Serial}/sztpd-ext:ownership-vouchers",
            Json(new JsonObject { ["sztpd-ext:ownership-vouchers"] = OwnerSetup.Vouchers(("v1", TestVouchers.Create(manufacturer!, Serial, ownerRoot, now.AddMinutes(-30), now.AddDays(730)))) })))
        {
            Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        }

        // The device trusts sztpd's CA for the bootstrap server (as redirect information or its factory settings give it).
        var root = (await CertDataAsync(s.Admin, "ca"))[0];
        var first = await BootstrapAsync(s, [root], manufacturer!);
        Assert.Equal((await CertDataAsync(s.Admin, "sbi"))[0].Thumbprint, first.Server.Thumbprint);
        Assert.Equal((await CertDataAsync(s.Admin, "owner"))[0].Thumbprint, first.Signer.Thumbprint);
        Assert.Null(Verify(root, first.Issued, s.Process.Time.GetUtcNow(), "any"));

        // Renewal: the southbound and owner certificates get new keys; the device sees both in its next bootstrap.
        var mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(21));
        await s.Process.WaitForOutputAsync("managed certificates renewed: sbi, owner", mark);
        await ServesAsync(s.SbiPort, (await CertDataAsync(s.Admin, "sbi"))[0].Thumbprint);
        var renewed = await BootstrapAsync(s, [root], manufacturer!);
        Assert.NotEqual(first.Server.Thumbprint, renewed.Server.Thumbprint);
        Assert.NotEqual(first.Signer.Thumbprint, renewed.Signer.Thumbprint);
        Assert.Equal((await CertDataAsync(s.Admin, "sbi"))[0].Thumbprint, renewed.Server.Thumbprint);
        Assert.Equal((await CertDataAsync(s.Admin, "owner"))[0].Thumbprint, renewed.Signer.Thumbprint);

        // Rollover of the CA with 5 days of pre-publication: the device takes the published anchors (both roots) before
        // the switch and keeps bootstrapping after it, to a server certificate issued by the new key.
        var switchAt = s.Process.Time.GetUtcNow().AddDays(5);
        await PatchAsync(s, Keystore(new JsonObject
        {
            ["name"] = "ca",
            ["sztpd-ext:managed"] = new JsonObject { ["rollover"] = new JsonObject { ["switch-at"] = switchAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) } },
        }));
        var published = await PublishedAsync(s);
        Assert.Equal(2, published.Count);
        Assert.Contains(published, c => c.Thumbprint == root.Thumbprint);
        var before = await BootstrapAsync(s, published, manufacturer!);
        Assert.Equal(root.Subject, before.Server.Issuer);
        mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await s.Process.WaitForOutputAsync("managed certificates renewed: ca, sbi", mark);
        await ServesAsync(s.SbiPort, (await CertDataAsync(s.Admin, "sbi"))[0].Thumbprint);
        var next = (await CertDataAsync(s.Admin, "ca"))[0];
        Assert.Contains(published, c => c.Thumbprint == next.Thumbprint);
        Assert.NotEqual(root.PublicKey.ExportSubjectPublicKeyInfo(), next.PublicKey.ExportSubjectPublicKeyInfo());
        var after = await BootstrapAsync(s, published, manufacturer!);
        Assert.Null(Verify(next, after.Server, s.Process.Time.GetUtcNow()));
        Assert.NotNull(Verify(root, after.Server, s.Process.Time.GetUtcNow()));
        Assert.Null(Verify(next, after.Issued, s.Process.Time.GetUtcNow(), "any"));
        // What the previous key issued still verifies against what the bag publishes.
        Assert.Null(Verify(root, before.Issued, s.Process.Time.GetUtcNow(), "any"));
        Assert.Contains(await PublishedAsync(s), c => c.Thumbprint == root.Thumbprint);

        // Revocation of the device's certificate: the CA's CRL lists it, and openssl agrees.
        using (var r = await s.Admin.PostAsync("/restconf/operations/sztpd-ext:revoke-certificate", Json(new JsonObject
        {
            ["sztpd-ext:input"] = new JsonObject { ["issuer"] = "ca", ["serial-number"] = after.Issued.SerialNumber, ["reason"] = "key-compromise" },
        })))
        {
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        Assert.Equal($"http://127.0.0.1:{s.NbiPort}/crl/ca", CrlUrl(after.Issued));
        var (crl, code, output) = CrlCheck(next, await RevocationTests.CrlAsync(s.NbiPort, "/crl/ca"), after.Issued, s.Process.Time.GetUtcNow());
        Assert.Contains($"Serial Number: {after.Issued.SerialNumber}", crl, StringComparison.Ordinal);
        Assert.True(code != 0 && output.Contains("certificate revoked", StringComparison.Ordinal), output);

        // The notices reached the webhook and the mailbox: each issuance (renewals, the next CA), expiry warnings and the revocation.
        var relayed = await EventsAsync(s.Process, webhook, "certificate-revoked");
        Assert.Contains(relayed, e => e.Event == "certificate-issued" && e.Subject.Contains("\"sbi\"", StringComparison.Ordinal));
        Assert.Contains(relayed, e => e.Event == "certificate-issued" && e.Subject.Contains("\"ca\" next certificate", StringComparison.Ordinal));
        Assert.Contains(relayed, e => e.Event == "certificate-expiring");
        var subjects = new List<string>();
        while (!subjects.Any(m => m.StartsWith("sztpd: certificate-revoked", StringComparison.Ordinal)))
        {
            subjects.Add((string)JsonNode.Parse(await smtp.NextLineAsync())!["subject"]!);
        }
        Assert.Contains(subjects, m => m.StartsWith("sztpd: certificate-issued: keystore asymmetric-key \"sbi\"", StringComparison.Ordinal));
        Assert.Contains(subjects, m => m.StartsWith("sztpd: certificate-expiring", StringComparison.Ordinal));
    }

    private static async Task PatchAsync(OpiServer s, JsonNode body)
    {
        using var r = await s.Admin.SendAsync(Patch(Running, body));
        Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
    }

    /// <summary>The certificates of the bag entry "ca" that sztpd publishes in bag "device-cas".</summary>
    private static async Task<X509Certificate2Collection> PublishedAsync(OpiServer s)
    {
        var entry = JsonNode.Parse(await s.Admin.GetStringAsync($"{Running}/wn-sztpd-1:truststore/certificate-bags/certificate-bag=device-cas/certificate=ca"))!;
        return [.. CmsCertificates.Decode(Convert.FromBase64String((string)entry["wn-sztpd-1:certificate"]![0]!["cert-data"]!))];
    }

    /// <summary>
    /// Device "third" bootstraps: its IDevID over TLS, the server checked against <paramref name="anchors"/> on sztpd's
    /// clock, signed data asked for and verified as a device does, a CSR for a new key. The server's certificate, the
    /// owner certificate that signed, and the device certificate issued.
    /// </summary>
    private static async Task<(X509Certificate2 Server, X509Certificate2 Signer, X509Certificate2 Issued)> BootstrapAsync(OpiServer s, X509Certificate2Collection anchors, TestVoucherSigner manufacturer)
    {
        X509Certificate2? server = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                ClientCertificates = [s.Pki.Devices[Serial].ToTlsCertificate()],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    server = certificate is null ? null : new X509Certificate2(certificate);
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
                    chain.ChainPolicy.VerificationTime = s.Process.Time.GetUtcNow().UtcDateTime;
                    return server is not null && chain.Build(server);
                },
            },
        };
        using var device = new HttpClient(handler) { BaseAddress = new Uri($"https://localhost:{s.SbiPort}") };
        device.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Serial}:{OpiTemplate.ActivationCode}")));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = Convert.ToBase64String(new CertificateRequest($"CN=third, SERIALNUMBER={Serial}", key, HashAlgorithmName.SHA256).CreateSigningRequest());
        using var r = await device.PostAsync(Gbd, Json($$"""
            {"ietf-sztp-bootstrap-server:input": {"hw-model": "model-x", "signed-data-preferred": [null], "ietf-sztp-csr:p10-csr": "{{csr}}"} }
            """));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        var output = JsonNode.Parse(body)!["ietf-sztp-bootstrap-server:output"]!;
        byte[] Member(string name) => Convert.FromBase64String((string)output[name]!);
        var verified = SignedDataVerifier.Verify(Member("conveyed-information"), Member("owner-certificate"), Member("ownership-voucher"),
            manufacturer.TrustAnchors, Serial, null, s.Process.Time.GetUtcNow());
        Assert.True(verified.IsValid, verified.Failure);
        var log = await s.BootstrappingLogAsync(Serial);
        var issued = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(
            (string)log[^1]!["event-details"]!["get-bootstrapping-data-event"]!["sztpd-csr"]!["issued-certificate"]!));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), issued.PublicKey.ExportSubjectPublicKeyInfo());
        return (server!, OwnerCertificateCms.Decode(Member("owner-certificate"))[0], issued);
    }

    /// <summary>
    /// The notices relayed to the webhook, once one of <paramref name="last"/> arrived (at most 30 s). A delivery that
    /// failed (a webhook request timed out on a loaded machine) is tried again at a due time on the server's fake clock:
    /// each new failure moves the clock on by the longest retry delay, so the retry happens as it would in real time.
    /// </summary>
    private static async Task<List<(string Event, string Subject)>> EventsAsync(InProcessSztpd process, WebhookReceiver webhook, string last)
    {
        List<(string Event, string Subject)> Relayed() => [.. webhook.Requests.Select(r => JsonNode.Parse(r.Body)!["wn-sztpd-rpcs:input"]!["notification-log-record"]!)
            .Select(n => ((string)n["event"]!, (string?)n["subject"] ?? ""))];
        List<string> Failed() => [.. process.Logs.GetSnapshot().Select(r => r.Message).Where(m => m.Contains("not delivered on attempt", StringComparison.Ordinal))];
        var failures = 0;
        await WaitUntilAsync(() =>
        {
            if (Failed().Count is var failed && failed > failures)
            {
                failures = failed;
                process.Time.Advance(Sztpd.Core.Outbound.OutboxPolicy.Default.LongestRetry);
            }
            return Task.FromResult(Relayed().Any(e => e.Event == last));
        }, $"{last} relayed", seconds: 30, detail: () => "Failed deliveries: " + string.Join(" | ", Failed()));
        return Relayed();
    }
}
