using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sztpd.Core.Limits;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using Sztpd.Testing.Pki;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>
/// RFC 8572 section 5.3: the intermediates a device presents with its certificate (in its TLS handshake, or after it in
/// <c>X-Client-Cert</c> behind a terminator) build its path to the device type's trust anchors, which here are the
/// device CA's root only (root → intermediate 1 → intermediate 2 → device). They are bounded, and never trusted themselves.
/// </summary>
public sealed class PresentedChainTests
{
    private const string Input = "{\"ietf-sztp-bootstrap-server:input\": {}}";

    [Fact]
    public async Task DevicePresentingItsIntermediatesInTheHandshake_Authenticates_AgainstTheRootAlone_ButNotWithoutThem()
    {
        await using var s = await RootOnlyServerAsync();
        using (var alone = ChainClient(s, []))
        using (var r = await alone.PostAsync(Gbd, Json(Input)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        Assert.Contains(Escaped("Client cert for serial number 'third-serial-number' does not validate using trust anchors specified by device-type 'my-device-type'"),
            await s.AuditLogAsync(), StringComparison.Ordinal);
        Assert.Empty(await s.BootstrappingLogAsync("third-serial-number"));

        using var client = ChainClient(s, [s.Pki.ClientIntermediate2.Certificate, s.Pki.ClientIntermediate1.Certificate]);
        for (var i = 0; i < 2; i++) // the second request reuses the connection's verdict
        {
            using var r = await client.PostAsync(Gbd, Json(Input));
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync() + await s.AuditLogAsync());
        }
        Assert.Equal(2, (await s.BootstrappingLogAsync("third-serial-number")).Count);
    }

    [Fact]
    public async Task MoreIntermediatesInTheHandshakeThanTheLimit_AreRefused_WithTheReason()
    {
        await using var s = await RootOnlyServerAsync(new InputLimits { MaxClientIntermediates = 1 });
        using var client = ChainClient(s, [s.Pki.ClientIntermediate2.Certificate, s.Pki.ClientIntermediate1.Certificate]);
        using var r = await client.PostAsync(Gbd, Json(Input));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Contains("Device presented 2 intermediate certificates (", await s.AuditLogAsync(), StringComparison.Ordinal);
        Assert.Contains("at most 1 certificates and 65536 bytes are accepted.", await s.AuditLogAsync(), StringComparison.Ordinal);
        Assert.Empty(await s.BootstrappingLogAsync("third-serial-number"));
    }

    [Fact]
    public async Task ForwardedChain_OnAnHttpEndpoint_Authenticates_IsBounded_AndItsRootIsNoTrustAnchor()
    {
        var httpPort = SztpdProcess.FreePort();
        await using var s = await RootOnlyServerAsync(edit: config =>
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("behind-proxy", httpPort)));
        var (device, i1, i2) = (s.Pki.Devices["third-serial-number"], s.Pki.ClientIntermediate1, s.Pki.ClientIntermediate2);

        Assert.Equal(HttpStatusCode.OK, await ForwardedAsync(httpPort, device.CertificatePem + i2.CertificatePem + i1.CertificatePem));
        Assert.Equal(HttpStatusCode.Unauthorized, await ForwardedAsync(httpPort, device.CertificatePem));
        // Another PKI's device with its whole chain up to its own root: a root the device sends is no trust anchor.
        using var stranger = new OpiPki(DateTimeOffset.UtcNow, serialNumbers: ["third-serial-number"]);
        Assert.Equal(HttpStatusCode.Unauthorized, await ForwardedAsync(httpPort, stranger.Devices["third-serial-number"].CertificatePem
            + stranger.ClientIntermediate2.CertificatePem + stranger.ClientIntermediate1.CertificatePem + stranger.ClientRoot.CertificatePem));
        Assert.Equal(HttpStatusCode.Unauthorized, await ForwardedAsync(httpPort,
            device.CertificatePem + i2.CertificatePem + string.Concat(Enumerable.Repeat(i1.CertificatePem, 8))));
        var audit = await s.AuditLogAsync();
        Assert.Contains(Escaped("does not validate using trust anchors specified by device-type 'my-device-type'"), audit, StringComparison.Ordinal);
        Assert.Equal(2, audit.Split("does not validate using trust anchors").Length - 1);
        Assert.Contains("Device presented 9 intermediate certificates (", audit, StringComparison.Ordinal);
        Assert.Contains("at most 8 certificates and 65536 bytes are accepted.", audit, StringComparison.Ordinal);
        Assert.Single(await s.BootstrappingLogAsync("third-serial-number"));
    }

    /// <summary><paramref name="text"/> as the audit log's JSON spells it.</summary>
    private static string Escaped(string text) => JsonValue.Create(text)!.ToJsonString()[1..^1];

    /// <summary>The opi server whose device type trusts the device CA's root only (no intermediates in the bag).</summary>
    private static Task<OpiServer> RootOnlyServerAsync(InputLimits? limits = null, Action<JsonObject>? edit = null) =>
        OpiServer.StartAsync((config, pki) =>
        {
            var bag = config["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]![0]!;
            Assert.Equal("my-device-identity-ca-certs", (string?)bag["name"]);
            bag["certificate"]![0]!["cert-data"] = TestPki.CmsBase64(pki.ClientRoot);
            edit?.Invoke(config);
        }, limits: limits);

    /// <summary>Device "third" over HTTPS, presenting its certificate and <paramref name="intermediates"/> in the handshake.</summary>
    private static HttpClient ChainClient(OpiServer s, X509Certificate2[] intermediates)
    {
        var leaf = s.Pki.Devices["third-serial-number"].ToTlsCertificate();
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = SslStreamCertificateContext.Create(leaf, [.. intermediates], offline: true),
                RemoteCertificateValidationCallback = Tls.TrustOnly([s.Pki.SbiRoot.Certificate, s.Pki.SbiIntermediate1.Certificate]),
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://localhost:{s.SbiPort}") };
        client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header("third-serial-number", OpiTemplate.ActivationCode);
        return client;
    }

    private static async Task<HttpStatusCode> ForwardedAsync(int port, string pem)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = BasicAuthentication.Header("third-serial-number", OpiTemplate.ActivationCode);
        http.DefaultRequestHeaders.Add("X-Client-Cert", Uri.EscapeDataString(pem));
        using var r = await http.PostAsync(Gbd, Json(Input));
        return r.StatusCode;
    }
}
