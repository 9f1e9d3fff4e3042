using System.Net;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>
/// RFC 8572 section 5.3 behind a TLS terminator (compat 3.2, F17): a real nginx checks the device's client
/// certificate against the device CA and forwards it as <c>X-Client-Cert: $ssl_client_escaped_cert</c> to an
/// HTTP <c>rfc8572-interface</c> endpoint of sztpd, which identifies the device from that header.
/// </summary>
public sealed class ForwardedClientCertTests
{


    [Fact(SkipExceptions = [typeof(ToolMissingException)])]
    public async Task ThirdBehindNginx_OwnCertAndCode_Gets200_NoCredentialsOrAnotherSerialsCert_Get401()
    {
        var httpPort = SztpdProcess.FreePort();
        await using var s = await OpiServer.StartAsync((config, _) =>
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("behind-nginx", httpPort)));
        using var dir = new TempDirectory("sztpd-nginx");
        dir.WriteText("server.pem", s.Pki.SbiCertChainPem);
        dir.WriteText("server.key", s.Pki.SbiEndEntity.PrivateKeyPem);
        dir.WriteText("device-ca.pem", s.Pki.ClientTaPem);
        var nginxPort = SztpdProcess.FreePort();
        await using var nginx = await NginxProcess.StartAsync(nginxPort, dir, p => $$"""
              server {
                listen 127.0.0.1:{{nginxPort}} ssl;
                ssl_certificate {{p}}/server.pem;
                ssl_certificate_key {{p}}/server.key;
                ssl_client_certificate {{p}}/device-ca.pem;
                ssl_verify_client optional;
                ssl_verify_depth 4;
                location / {
                  proxy_pass http://127.0.0.1:{{httpPort}};
                  proxy_set_header X-Client-Cert $ssl_client_escaped_cert;
                }
              }
            """);

        using var thirdCert = s.Pki.Devices["third-serial-number"].ToTlsCertificate();
        using var firstCert = s.Pki.Devices["first-serial-number"].ToTlsCertificate();
        using (var third = s.Device(thirdCert, "third-serial-number", port: nginx.Port))
        using (var r = await third.PostAsync(Gbd, Json(TestData.OpiData("opiproject-sztp/requests", "get-bootstrapping-data.input.json"))))
        {
            var conveyed = await ConveyedTextAsync(r, $"\n{await s.AuditLogAsync()}\n{nginx.ErrorLog}");
            Assert.Equal(TestData.OpiData("samples", "expected-third-conveyed-information.decoded.json").TrimEnd('\n'), conveyed);
        }

        using (var anonymous = s.Device(null, null, port: nginx.Port))
        using (var r = await anonymous.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        // Third's code without its certificate: the device type wants one, so the 200 above came from the forwarded header.
        using (var codeOnly = s.Device(null, "third-serial-number", port: nginx.Port))
        using (var r = await codeOnly.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        using (var impostor = s.Device(firstCert, "third-serial-number", port: nginx.Port))
        using (var r = await impostor.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        var audit = await s.AuditLogAsync();
        Assert.Contains("Device provided no identification credentials.", audit);
        Assert.Contains("Client cert required but none passed for serial number third-serial-number", audit);
        Assert.Contains("Device provided mismatched authentication credentials (first-serial-number != third-serial-number).", audit);
        var entry = Assert.Single(await s.BootstrappingLogAsync("third-serial-number"))!;
        Assert.Equal(200, (int)entry["return-code"]!);
        Assert.Equal(Gbd, (string?)entry["path"]);
        Assert.Equal("127.0.0.1", (string?)entry["source-ip"]);
        Assert.Equal("model-x", (string?)entry["event-details"]!["get-bootstrapping-data-event"]!["passed-input"]!["hw-model"]);
    }
}
