using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Pki;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>
/// Per-listener TLS versions and cipher suites (<c>sztpd-ext:hello-params</c>; issue 20: a device that can sign only
/// with RSA PKCS #1 v1.5 needs a listener that offers TLS 1.2 only), judged by openssl s_client.
/// </summary>
public sealed class TlsHelloParamsTests
{
    [Fact]
    public async Task AListenerLimitedToTls12_RefusesTls13_AndServesTls12()
    {
        await using var s = await OpiServer.StartAsync((config, _) => HelloParams(config, """{"tls-version": ["tls12"]}"""));
        var refused = await HandshakeAsync(s.SbiPort, "-tls1_3");
        Assert.True(refused.Exit != 0, refused.Output);
        var (exit, output) = await HandshakeAsync(s.SbiPort, "-tls1_2");
        Assert.True(exit == 0, output);
        Assert.Contains("TLSv1.2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutHelloParams_BothVersionsAreOffered()
    {
        await using var s = await OpiServer.StartAsync();
        Assert.Equal(0, (await HandshakeAsync(s.SbiPort, "-tls1_3")).Exit);
        Assert.Equal(0, (await HandshakeAsync(s.SbiPort, "-tls1_2")).Exit);
    }

    [Fact]
    public async Task OnlyTheConfiguredCipherSuitesAreOffered()
    {
        await using var s = await OpiServer.StartAsync((config, _) =>
            HelloParams(config, """{"tls-version": ["tls12"], "cipher-suite": ["TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"]}"""));
        Assert.NotEqual(0, (await HandshakeAsync(s.SbiPort, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256")).Exit);
        var (exit, output) = await HandshakeAsync(s.SbiPort, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task AnUnknownCipherSuite_IsRefused_AndChangesNothing()
    {
        await using var s = await OpiServer.StartAsync();
        var before = await s.Admin.GetStringAsync(Running);
        var endpoint = SbiEndpoint(JsonNode.Parse(before)!.AsObject());
        endpoint["https"]!["tls-server-parameters"]!["sztpd-ext:hello-params"] = JsonNode.Parse("""{"cipher-suite": ["TLS_NO_SUCH_SUITE"]}""");
        using var r = await s.Admin.PutAsync($"{Running}/wn-sztpd-1:transport/listen/endpoint={endpoint["name"]}", Json(new JsonObject { ["wn-sztpd-1:endpoint"] = new JsonArray(endpoint.DeepClone()) }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("\"TLS_NO_SUCH_SUITE\", which is not an IANA TLS cipher suite name", (string?)(await ErrorAsync(r))["error-message"], StringComparison.Ordinal);
        Assert.Equal(before, await s.Admin.GetStringAsync(Running));
    }

    /// <summary>
    /// A device whose key signs only RSA PKCS #1 v1.5 (<c>-client_sigalgs RSA+SHA256</c>; it still verifies the server's
    /// RSA-PSS): where TLS 1.3 is offered it cannot sign CertificateVerify and sends no certificate, so it is refused;
    /// on a listener offering TLS 1.2 only it signs with PKCS #1 and is identified. A device that itself offers TLS 1.2
    /// only (<c>-tls1_2 -sigalgs RSA+SHA256</c>) is identified on any listener.
    /// </summary>
    [Theory]
    [InlineData(false, "-client_sigalgs", "HTTP/1.1 401")]
    [InlineData(true, "-client_sigalgs", "HTTP/1.1 200")]
    [InlineData(false, "-tls1_2 -sigalgs", "HTTP/1.1 200")]
    public async Task APkcs1OnlyDevice_IsIdentified_OnATls12Listener(bool tls12Only, string sigalgsOptions, string answer)
    {
        using var pki = new OpiPki(DateTimeOffset.UtcNow, TestKeyAlgorithm.Rsa2048);
        var device = pki.AddDevice("third-serial-number", TestKeyAlgorithm.Rsa2048);
        await using var s = await OpiServer.StartAsync(pki, (p, nbi, sbi) => Sztpd.Testing.Opi.OpiTemplate.Running(p, nbi, sbi),
            (config, p) =>
            {
                // The opi template writes an EC key format; this server key is RSA.
                config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]![0]!["private-key-format"] = p.SbiEndEntity.PrivateKeyFormat;
                if (tls12Only)
                {
                    HelloParams(config, """{"tls-version": ["tls12"]}""");
                }
            });
        using var dir = new TempDirectory();
        var (cert, key) = device.WritePem(dir, "device");
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"third-serial-number:{Sztpd.Testing.Opi.OpiTemplate.ActivationCode}"));
        var body = "{\"ietf-sztp-bootstrap-server:input\": {}}";
        var request = $"POST {Gbd} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic {basic}\r\nContent-Type: application/yang-data+json\r\n" +
            $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";

        var (_, output, _) = await OpenSsl.SClientAsync(s.SbiPort, request, ["-quiet", .. sigalgsOptions.Split(' '), "RSA+SHA256", "-cert", cert, "-key", key]);

        Assert.StartsWith(answer, output, StringComparison.Ordinal);
        await s.Process.LogsSettledAsync();
        if (answer.EndsWith("401", StringComparison.Ordinal))
        {
            Assert.Contains("Client cert required but none passed for serial number third-serial-number", await s.AuditLogAsync(), StringComparison.Ordinal);
        }
    }

    private static void HelloParams(JsonObject config, string hello) =>
        SbiEndpoint(config)["https"]!["tls-server-parameters"]!["sztpd-ext:hello-params"] = JsonNode.Parse(hello);

    private static JsonObject SbiEndpoint(JsonObject config) => config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray()
        .Single(e => (string?)e!["use-for"] == "wn-sztpd-0:rfc8572-interface")!.AsObject();

    /// <summary>openssl s_client's brief handshake with 127.0.0.1:<paramref name="port"/>: its exit code and all it printed.</summary>
    private static async Task<(int Exit, string Output)> HandshakeAsync(int port, params string[] options)
    {
        var (exit, output, error) = await OpenSsl.SClientAsync(port, null, ["-brief", .. options]);
        return (exit, output + error);
    }
}
