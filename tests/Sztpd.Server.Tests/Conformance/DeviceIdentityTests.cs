using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using Sztpd.Testing.Pki;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>RFC 8572 section 5.3 / compat 3.2: every identity failure is 401 access-denied, and the audit log says exactly why.</summary>
public sealed class DeviceIdentityTests
{

    public static TheoryData<string, string> Failures => new()
    {
        { "none", "Device provided no identification credentials." },
        { "mismatch", "Device provided mismatched authentication credentials (third-serial-number != first-serial-number)." },
        { "unknown", "Device \"nobody\" not found for any tenant." },
        { "wrong-code", "Activation code mismatch for serial number third-serial-number" },
        { "no-code", "Activation code required but none passed for serial number third-serial-number" },
        { "no-cert", "Client cert required but none passed for serial number third-serial-number" },
        { "stranger-cert", "Client cert for serial number 'third-serial-number' does not validate using trust anchors specified by device-type 'my-device-type'" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task IdentityFailure_Is401AccessDenied_AndAuditedWithTheReason(string kind, string reason)
    {
        await using var s = await OpiServer.StartAsync();
        using var stranger = new OpiPki(DateTimeOffset.UtcNow, serialNumbers: ["third-serial-number"]);
        var third = s.Pki.Devices["third-serial-number"].ToTlsCertificate();
        using var client = kind switch
        {
            "none" => s.Device(null, null),
            "mismatch" => s.Device(third, "first-serial-number"),
            "unknown" => s.Device(null, "nobody"),
            "wrong-code" => s.Device(third, "third-serial-number", "not-the-code"),
            "no-code" => s.Device(third, null),
            "no-cert" => s.Device(null, "third-serial-number"),
            _ => s.Device(stranger.Devices["third-serial-number"].ToTlsCertificate(), "third-serial-number"),
        };
        using var r = await client.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("access-denied", (string?)error["error-tag"]);
        Assert.Equal("protocol", (string?)error["error-type"]);
        Assert.Contains(JsonValue.Create(reason)!.ToJsonString(), await s.AuditLogAsync());
        Assert.Empty(await s.BootstrappingLogAsync("third-serial-number"));
    }

    [Fact]
    public async Task ForwardedClientCert_OnHttpEndpoint_IdentifiesTheDevice_AndIsIgnoredOnHttps()
    {
        var httpPort = SztpdProcess.FreePort();
        await using var s = await OpiServer.StartAsync((config, _) =>
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("behind-proxy", httpPort)));
        var pem = Uri.EscapeDataString(s.Pki.Devices["third-serial-number"].CertificatePem);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        http.DefaultRequestHeaders.Authorization = BasicAuthentication.Header("third-serial-number", OpiTemplate.ActivationCode);
        http.DefaultRequestHeaders.Add("X-Client-Cert", pem);
        using (var r = await http.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        // Without the header the device type's identity-certificate requirement fails.
        http.DefaultRequestHeaders.Remove("X-Client-Cert");
        using (var r = await http.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        // On HTTPS the header is never trusted: only the TLS client certificate counts.
        using var https = s.Device(null, "third-serial-number");
        https.DefaultRequestHeaders.Add("X-Client-Cert", pem);
        using (var r = await https.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
    }

    /// <summary>
    /// A device's certificate may name any URL as its CRL distribution point, OCSP responder or issuer: the handshake
    /// fetches none of them (sztpd judges the certificate against the device type's trust anchors, offline), so a device
    /// cannot make the server connect anywhere, or wait on it. The device, sending only its leaf, still bootstraps.
    /// </summary>
    [Fact]
    public async Task TheUrlsOfADevicesCertificate_AreNeverFetched()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        var fetched = listener.AcceptTcpClientAsync();
        await using var s = await OpiServer.StartAsync((config, _) =>
        {
            var device = config["wn-sztpd-1:devices"]!["device"]![0]!.AsObject();
            device["serial-number"] = "fetches-nothing";
            device.Remove("activation-code");
        });
        using var cert = s.Pki.ClientIntermediate2.IssueEndEntity(TestPki.DeviceSubject("device", "fetches-nothing"), new TestCertificateOptions
        {
            OtherExtensions =
            [
                System.Security.Cryptography.X509Certificates.CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([url + "crl"]),
                new System.Security.Cryptography.X509Certificates.X509AuthorityInformationAccessExtension([url + "ocsp"], [url + "issuer.cer"]),
            ],
        });
        using var tls = cert.ToTlsCertificate();
        // The device itself fetches nothing either (offline: its leaf alone is sent).
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificateContext = System.Net.Security.SslStreamCertificateContext.Create(tls, null, offline: true),
                RemoteCertificateValidationCallback = Tls.TrustOnly([s.Pki.SbiRoot.Certificate, s.Pki.SbiIntermediate1.Certificate]),
            },
        })
        { BaseAddress = new Uri($"https://localhost:{s.SbiPort}") };

        using var r = await client.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));

        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync() + await s.AuditLogAsync());
        Assert.False(fetched.IsCompleted, "the server connected to a URL of the device's certificate");
        listener.Stop();
    }

    [Fact]
    public async Task SerialNumberRegex_OfTheDeviceType_ExtractsCiscoStyleSerials()
    {
        await using var s = await OpiServer.StartAsync((config, _) =>
        {
            var type = config["wn-sztpd-1:device-types"]!["device-type"]![0]!.AsObject();
            type["sztpd-ext:serial-number-regex"] = new JsonObject { ["regex"] = "SN:(?<sn>[A-Z0-9]+)" };
            var device = config["wn-sztpd-1:devices"]!["device"]![0]!.AsObject();
            device["serial-number"] = "FCW2126G05V";
            device.Remove("activation-code");
        });
        var subject = TestPki.DeviceSubject("switch", "PID:C9300-24T SN:FCW2126G05V");
        using var cert = s.Pki.ClientIntermediate2.IssueEndEntity(subject);
        using var tls = cert.ToTlsCertificate();
        using var client = s.Device(tls, null);
        using var r = await client.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync() + await s.AuditLogAsync());
        Assert.Single(await s.BootstrappingLogAsync("FCW2126G05V"));
    }

    [Fact]
    public async Task Sha1SignedIdevid_IsRefused_UnlessTheDeviceTypeAcceptsSha1()
    {
        // The certificate comes through a TLS-offloading proxy (X-Client-Cert): .NET's own TLS client refuses to
        // present a SHA-1-signed certificate, as proxies in front of legacy switches are configured to.
        var httpPort = SztpdProcess.FreePort();
        await using var s = await OpiServer.StartAsync((config, _) =>
        {
            config["wn-sztpd-1:devices"]!["device"]![0]!.AsObject().Remove("activation-code");
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("behind-proxy", httpPort));
        });
        using var cert = s.Pki.ClientIntermediate2.IssueEndEntity(TestPki.DeviceSubject("legacy", "first-serial-number"),
            new TestCertificateOptions { SignatureHash = System.Security.Cryptography.HashAlgorithmName.SHA1 });
        Assert.Equal("1.2.840.10045.4.1", cert.Certificate.SignatureAlgorithm.Value);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        http.DefaultRequestHeaders.Add("X-Client-Cert", Uri.EscapeDataString(cert.CertificatePem));

        using (var r = await http.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        Assert.Contains("is signed with SHA-1", await s.AuditLogAsync(), StringComparison.Ordinal);

        using var patch = await s.Admin.PatchAsync($"{Running}/wn-sztpd-1:device-types/device-type=my-device-type",
            Json("""{"wn-sztpd-1:device-type": [{"name": "my-device-type", "sztpd-ext:accept-sha1-signatures": true}]}"""));
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        using (var r = await http.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync() + await s.AuditLogAsync());
        }
    }

    [Fact]
    public async Task KeptAliveConnection_AfterTheTrustAnchorIsReplaced_IsRefusedOnItsNextRequest()
    {
        // The server validates a connection's client certificate once and reuses the verdict for that connection's
        // next requests; an edit of the trust anchors must still take effect at once.
        await using var s = await OpiServer.StartAsync();
        using var stranger = new OpiPki(DateTimeOffset.UtcNow, serialNumbers: ["third-serial-number"]);
        using var device = s.Third();
        for (var i = 0; i < 2; i++)
        {
            using var r = await device.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using var put = await s.Admin.PutAsync(
            $"{Running}/wn-sztpd-1:truststore/certificate-bags/certificate-bag=my-device-identity-ca-certs/certificate=my-device-identity-ca-cert-circa-2020",
            Json(new JsonObject { ["wn-sztpd-1:certificate"] = new JsonArray(new JsonObject { ["name"] = "my-device-identity-ca-cert-circa-2020", ["cert-data"] = stranger.ClientCertTaB64 }) }));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        using (var r = await device.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        Assert.Contains("does not validate using trust anchors", await s.AuditLogAsync(), StringComparison.Ordinal);
    }
}
