using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Processes;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>
/// The device behind a real nginx that terminates mutual TLS and forwards the IDevID as <c>X-Client-Cert</c> to an HTTP
/// rfc8572 endpoint of sztpd (SZTPD compatibility: a TLS terminator in front of the bootstrap server).
/// </summary>
public sealed class BehindNginxTests
{
    [Fact(SkipExceptions = [typeof(ToolMissingException)])]
    public async Task DeviceThroughNginx_IsIdentifiedByTheForwardedCertificate_AndCompletes()
    {
        var httpPort = SztpdProcess.FreePort();
        await using var server = await DemoServer.StartAsync(edit: (config, _) =>
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(JsonNode.Parse($$"""
                {"name": "behind-nginx", "use-for": "wn-sztpd-0:rfc8572-interface",
                 "http": {"tcp-server-parameters": {"local-address": "127.0.0.1", "local-port": {{httpPort}} } } }
                """)));
        await server.Process.WaitForOutputAsync($"127.0.0.1:{httpPort} ");
        var nginxPort = SztpdProcess.FreePort();
        using var dir = new TempDirectory("sztp-nginx");
        await using var nginx = await NginxProcess.StartAsync(nginxPort, dir, _ => $$"""
              server {
                listen 127.0.0.1:{{nginxPort}} ssl;
                ssl_certificate {{server.Dir.Combine("server-cert.pem")}};
                ssl_certificate_key {{server.Dir.Combine("private/server-key.pem")}};
                ssl_client_certificate {{server.Dir.Combine("manufacturer-ca.pem")}};
                ssl_verify_client on;
                location / {
                  proxy_pass http://127.0.0.1:{{httpPort}};
                  proxy_set_header X-Client-Cert $ssl_client_escaped_cert;
                }
              }
            """);

        var result = await new SztpDevice(server.Device(3) with { Download = false }).RunAsync([BootstrapSource.Servers(new Uri($"https://127.0.0.1:{nginxPort}"))]);

        Assert.True(result.Completed, result.ToJson().ToJsonString() + nginx.ErrorLog);
        Assert.True(result.Trusted);
        Assert.Equal(["bootstrap-initiated", "bootstrap-complete"], await server.ProgressTypesAsync(server.Serial(3)));
    }
}
