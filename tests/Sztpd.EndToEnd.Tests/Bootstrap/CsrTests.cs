using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;
using Sztpd.Pki.Cms;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>RFC 9646 end to end: the device offers a CSR, the server asks for one and delivers the certificate in the configuration.</summary>
public sealed class CsrTests
{
    [Fact]
    public async Task Csr_NewKey_TheIssuedCertificateForThatKeyArrivesInTheConfiguration()
    {
        await using var server = await DemoServer.StartAsync(devices: 1, edit: (config, files) =>
        {
            var ca = files.Certificates("manufacturer-ca.pem")[0];
            using var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(Path.Combine(files.Root, "private/manufacturer-ca-key.pem")));
            config["wn-sztpd-1:keystore"]!["asymmetric-keys"]!["asymmetric-key"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "ldevid-ca-key",
                ["public-key-format"] = "ietf-crypto-types:subject-public-key-info-format",
                ["public-key"] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
                ["private-key-format"] = "ietf-crypto-types:ec-private-key-format",
                ["cleartext-private-key"] = Convert.ToBase64String(key.ExportECPrivateKey()),
                ["certificates"] = JsonNode.Parse($$"""
                    {"certificate": [{"name": "ldevid-ca", "cert-data": "{{Convert.ToBase64String(CmsCertificates.CreateDegenerate([ca]))}}", "sztpd-ext:certificate-authority": [null]}]}
                    """),
            });
            config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:csr"] = JsonNode.Parse(
                """{"certificate-authority": {"asymmetric-key": "ldevid-ca-key", "certificate": "ldevid-ca"}, "key": "new-key", "validity-days": 30}""");
            config["wn-sztpd-1:configurations"]!["configuration"]![0]!["config"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("{sztpd:issued-certificate}"));
        });
        using var output = new Sztpd.Testing.TempDirectory("sztp-device-out");

        var result = await new SztpDevice(server.Device(1) with { Csr = true, Download = false, OutputDirectory = output.Path }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.Equal([400, 200], result.Rpcs.Where(r => r.Rpc == "get-bootstrapping-data").Select(r => r.Status));
        using var ldevidKey = ECDsa.Create();
        ldevidKey.ImportFromPem(File.ReadAllText(Path.Combine(output.Path, "ldevid-key.pem")));
        var issued = CmsCertificates.Decode(Convert.FromBase64String(File.ReadAllText(Path.Combine(output.Path, "configuration"))));
        Assert.Equal(ldevidKey.ExportSubjectPublicKeyInfo(), issued[0].PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Contains(server.Serial(1), issued[0].Subject, StringComparison.Ordinal);
    }
}
