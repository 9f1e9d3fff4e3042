using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// The example receiver of docs/integration.md (<c>examples/webhook-receiver.py</c>, run with python3 over HTTPS,
/// demanding sztpd's client certificate) does what the document says with all three callouts.
/// </summary>
public sealed class ExampleReceiverTests
{
    [Fact]
    public async Task TheExampleReceiver_ComputesAResponse_VerifiesOwnership_AndGetsProgress()
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        using var dir = new TempDirectory();
        var port = SztpdProcess.FreePort();
        var (cert, key) = setup.Server.WritePem(dir, "receiver");
        var clientCa = dir.WriteText("client-ca.pem", setup.ClientRoot.CertificatePem);
        using var receiver = await ScriptProcess.StartAsync("python3", "python3 is not installed.", Path.Combine(TestData.RepositoryRoot, "examples", "webhook-receiver.py"),
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cert", cert, "--key", key, "--client-ca", clientCa);
        await using var server = await OpiServer.StartAsync((config, _) =>
        {
            setup.AddKeys(config);
            config["wn-sztpd-1:dynamic-callouts"] = new JsonObject
            {
                ["dynamic-callout"] = new JsonArray(
                    CalloutSetup.Callout("compute", "get-bootstrapping-data", null, CalloutSetup.Https("example", port)),
                    CalloutSetup.Callout("owners", "verify-device-ownership", null, CalloutSetup.Https("example", port)),
                    CalloutSetup.Callout("relay", "report-progress", null, CalloutSetup.Https("example", port))),
            };
            config["wn-sztpd-1:preferences"] = JsonNode.Parse("""{"outbound-interactions": {"relay-progress-report-callout": "relay"}}""");
            config["wn-sztpd-1:device-types"]!["device-type"]![0]!["ownership-authorization"] = JsonNode.Parse("""{"dynamic-callout": {"reference": "owners"}}""");
            config["wn-sztpd-1:devices"]!["device"]![2]!["response-manager"]!["matched-response"]![0]!["response"] =
                JsonNode.Parse("""{"conveyed-information": {"dynamic-callout": {"reference": "compute"}}}""");
        });
        using var device = server.Third();

        using var refused = await server.Admin.PostAsync($"{Running}/wn-sztpd-1:devices",
            Json("""{"wn-sztpd-1:device": [{"serial-number": "stolen-9", "device-type": "my-device-type"}]}"""));
        using var answered = await device.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}"""));
        using var reported = await device.PostAsync(Rp, Json("""{"ietf-sztp-bootstrap-server:input": {"progress-type": "bootstrap-complete"}}"""));
        // the opi devices verified (one call), stolen-9 refused, the response, the report
        string[] lines = [await receiver.NextLineAsync(), await receiver.NextLineAsync(), await receiver.NextLineAsync(), await receiver.NextLineAsync()];

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var onboarding = JsonNode.Parse(DecodeConveyed(await answered.Content.ReadAsStringAsync()).Payload)!["ietf-sztp-conveyed-info:onboarding-information"]!;
        Assert.Equal("<config><hostname>third-serial-number</hostname></config>\n", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)onboarding["configuration"]!)));
        Assert.Equal(HttpStatusCode.NoContent, reported.StatusCode);
        Assert.Equal(["/verify-device-ownership", "/verify-device-ownership", "/get-bootstrapping-data", "/relay-notification"],
            lines.Select(l => (string?)JsonNode.Parse(l)!["path"]));
    }

}
