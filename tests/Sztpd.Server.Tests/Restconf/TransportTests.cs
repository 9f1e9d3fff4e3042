using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Pki;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>
/// Listeners come from the transport configuration: HTTPS with the keystore identity and client certificates
/// checked against a truststore bag; keystore and truststore CMS are checked as SZTPD checks them; SIGHUP
/// closes and reopens every listener.
/// </summary>
public sealed class TransportTests
{
    private static JsonObject Keystore(OpiPki pki, string certData) => JsonNode.Parse($$$"""
        {"wn-sztpd-1:keystore": {"asymmetric-keys": {"asymmetric-key": [{"name": "tls-key",
          "public-key-format": "ietf-crypto-types:subject-public-key-info-format", "public-key": "{{{pki.SbiPublicKeyB64}}}",
          "private-key-format": "ietf-crypto-types:ec-private-key-format", "cleartext-private-key": "{{{pki.SbiPrivateKeyB64}}}",
          "certificates": {"certificate": [{"name": "tls-cert", "cert-data": "{{{certData}}}"}]} } ]} } }
        """)!.AsObject();

    private static JsonObject Truststore(string certData) => JsonNode.Parse($$$"""
        {"wn-sztpd-1:truststore": {"certificate-bags": {"certificate-bag": [{"name": "clients",
          "certificate": [{"name": "client-ca", "cert-data": "{{{certData}}}"}]}]} } }
        """)!.AsObject();

    private static JsonObject Both(JsonObject a, JsonObject b) =>
        new(a.Concat(b).Select(m => KeyValuePair.Create(m.Key, m.Value?.DeepClone())));

    private static JsonObject HttpsNative(int port) => JsonNode.Parse($$$"""
        {"wn-sztpd-1:listen": {"endpoint": [{"name": "native", "use-for": "wn-app:native-interface",
          "https": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": {{{port}}} },
            "tls-server-parameters": {
              "server-identity": {"certificate": {"reference": {"asymmetric-key": "tls-key", "certificate": "tls-cert"} } },
              "client-authentication": {"ca-certs": {"local-truststore-reference": "clients"} } },
            "http-server-parameters": {}, "restconf-server-parameters": {} } }]} }
        """)!.AsObject();

    /// <summary>Replaces the listeners with one HTTPS native endpoint whose admins' certificates must chain to <paramref name="clientTrust"/>; its port.</summary>
    private static async Task<int> ListenHttpsNativeAsync(ConfiguredServer s, OpiPki pki, string clientTrust)
    {
        using (var r = await s.Client.SendAsync(Patch(Running, Both(Keystore(pki, pki.SbiEeCertB64), Truststore(clientTrust)))))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        var port = SztpdProcess.FreePort();
        var mark = s.Process.OutputMark;
        using (var r = await s.Client.PutAsync(Running + "/wn-sztpd-1:transport/listen", Json(HttpsNative(port))))
        {
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        await s.Process.WaitForOutputAsync($"listeners restarted: https://127.0.0.1:{port} ", mark);
        return port;
    }

    [Fact]
    public async Task HttpsNativeEndpoint_NeedsTrustedClientCertificateAndPassword()
    {
        using var pki = new OpiPki(DateTimeOffset.UtcNow);
        await using var s = await ConfiguredServer.StartAsync();
        var port = await ListenHttpsNativeAsync(s, pki, pki.ClientCertTaB64);

        using var device = pki.Devices["first-serial-number"].ToTlsCertificate();
        using (var trusted = HttpsClient(pki, port, device))
        using (var r = await trusted.GetAsync(Running))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        using (var noCert = HttpsClient(pki, port, null))
        using (var r = await noCert.GetAsync(Running))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("access-denied", (string?)(await ErrorAsync(r))["error-tag"]);
        }
        using var strangerPki = new OpiPki(DateTimeOffset.UtcNow, serialNumbers: ["stranger"]);
        using var stranger = strangerPki.Devices["stranger"].ToTlsCertificate();
        using (var untrusted = HttpsClient(pki, port, stranger))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => untrusted.GetAsync(Running));
        }
        using var operational = HttpsClient(pki, port, device);
        var audit = await operational.GetStringAsync(Operational + "/wn-sztpd-1:audit-log");
        Assert.Contains("A client certificate is required on this endpoint.", audit);
    }

    [Fact]
    public async Task HttpsNativeEndpoint_BuildsTheAdminsChain_WithTheIntermediatesTheClientSends()
    {
        using var pki = new OpiPki(DateTimeOffset.UtcNow);
        await using var s = await ConfiguredServer.StartAsync();
        var rootOnly = TestPki.CmsBase64(pki.ClientRoot);
        var port = await ListenHttpsNativeAsync(s, pki, rootOnly);
        var admin = pki.Devices["first-serial-number"];

        using (var alone = HttpsClient(pki, port, admin.ToTlsCertificate()))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => alone.GetAsync(Running));
        }
        using var withChain = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificateContext = System.Net.Security.SslStreamCertificateContext.Create(admin.ToTlsCertificate(),
                    [pki.ClientIntermediate2.Certificate, pki.ClientIntermediate1.Certificate], offline: true),
                RemoteCertificateValidationCallback = Tls.TrustOnly([pki.SbiRoot.Certificate, pki.SbiIntermediate1.Certificate]),
            },
        })
        { BaseAddress = new Uri($"https://localhost:{port}") };
        withChain.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(Admin, Password);
        using var ok = await withChain.GetAsync(Running);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static HttpClient HttpsClient(OpiPki pki, int port, X509Certificate2? clientCertificate)
    {
        var client = Tls.HttpsClient(port, [pki.SbiRoot.Certificate, pki.SbiIntermediate1.Certificate], clientCertificate);
        client.DefaultRequestHeaders.Authorization = BasicAuthentication.Header(Admin, Password);
        return client;
    }

    [Fact]
    public async Task ATenantInterfaceEndpoint_IsRefusedInMode1_AndChangesNothing()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var endpoint = JsonNode.Parse($$$"""
            {"wn-sztpd-1:endpoint": [{"name": "tenants", "use-for": "wn-app:tenant-interface",
              "http": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": {{{SztpdProcess.FreePort()}}} } } }]}
            """)!;
        using var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:transport/listen", Json(endpoint));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("The transport configuration cannot be used: endpoint \"tenants\" has use-for \"wn-app:tenant-interface\": the tenant interface is mode x's, and this database was initialized in mode 1.",
            (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task KeystoreCertificate_ForAnotherKey_IsRejected_AndChangesNothing()
    {
        using var pki = new OpiPki(DateTimeOffset.UtcNow);
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var otherLeaf = TestPki.CmsBase64(pki.Devices["first-serial-number"], pki.ClientIntermediate2);
        using var r = await s.Client.SendAsync(Patch(Running, Keystore(pki, otherLeaf)));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("operation-failed", (string?)error["error-tag"]);
        Assert.Contains("public key matching the asymmetric key's public key", (string?)error["error-message"]);
        Assert.Contains("certificate=tls-cert", (string?)error["error-path"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task TrustAnchor_WithoutRootCertificate_IsRejected_AndChangesNothing()
    {
        using var pki = new OpiPki(DateTimeOffset.UtcNow);
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        using var r = await s.Client.SendAsync(Patch(Running, Truststore(TestPki.CmsBase64(pki.ClientIntermediate1, pki.ClientIntermediate2))));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("operation-failed", (string?)error["error-tag"]);
        Assert.Contains("must encode a root (self-signed) certificate", (string?)error["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task Sighup_ClosesAndReopensListeners()
    {
        await using var s = await SztpdProcess.StartAsync("sqlite:///:memory:");
        var loaded = s.OutputMark;
        using (var put = await s.Client.PutAsync(Running, Json(Minimal(s.Port))))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        await s.WaitForOutputAsync("listeners updated", loaded);
        s.UseBasic(Admin, Password);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, s.Port);
        var stream = tcp.GetStream();
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Admin}:{Password}"));
        var request = Encoding.ASCII.GetBytes($"GET /restconf/yang-library-version HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {auth}\r\n\r\n");
        await stream.WriteAsync(request);
        var buffer = new byte[8192];
        var first = "";
        while (!first.Contains("2019-01-04", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer);
            Assert.NotEqual(0, n);
            first += Encoding.ASCII.GetString(buffer, 0, n);
        }
        Assert.StartsWith("HTTP/1.1 200", first);

        var mark = s.OutputMark;
        s.Hangup();
        await s.WaitForOutputAsync("listeners restarted", mark);

        // The kept-alive connection was closed with the old listener; a new one is served.
        // (Whatever is still unread belongs to the first response; then end of stream.)
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await stream.ReadAsync(buffer, timeout.Token) > 0)
        {
        }
        Assert.Equal("2019-01-04", (string?)JsonNode.Parse(await s.Client.GetStringAsync("/restconf/yang-library-version"))!["ietf-restconf:yang-library-version"]);
    }
}
