using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>Issue 3's acceptance: the opi device "third" bootstraps as it does from SZTPD 0.0.15 and reports progress.</summary>
public sealed class OpiBootstrapTests
{
    private static string Request(string name) => TestData.OpiData("opiproject-sztp/requests", name);

    private static string Sample(string name) => TestData.OpiData("samples", name);

    [Fact]
    public async Task Third_GetsExactlySztpdsOutput_ReportsProgress_AndBothAreLogged()
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Third();

        using var r = await device.PostAsync("/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data", Json(Request("get-bootstrapping-data.input.json")));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/yang-data+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Sample("expected-third-get-bootstrapping-data.output.json").TrimEnd('\n'), body);

        var content = DecodeConveyed(body);
        Assert.Equal(Sample("expected-third-conveyed-information.decoded.json").TrimEnd('\n'), System.Text.Encoding.UTF8.GetString(content.Payload));

        using var progress = await device.PostAsync("/restconf/operations/ietf-sztp-bootstrap-server:report-progress", Json(Request("report-progress.input.json")));
        Assert.Equal(HttpStatusCode.NoContent, progress.StatusCode);
        Assert.Empty(await progress.Content.ReadAsByteArrayAsync());

        var log = await s.BootstrappingLogAsync("third-serial-number");
        Assert.Equal(2, log.Count);
        var gbd = log[0]!["event-details"]!["get-bootstrapping-data-event"]!;
        Assert.Equal(200, (int)log[0]!["return-code"]!);
        Assert.Equal("model-x", (string?)gbd["passed-input"]!["hw-model"]);
        // The opi agent's 7-byte nonce is tolerated: logged as sent, with a warning beside it.
        Assert.Equal("BASE64VALUE=", (string?)gbd["passed-input"]!["nonce"]);
        Assert.Contains("nonce", gbd["sztpd-warnings"]![0]!.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("catch-all-response", (string?)gbd["selected-response"]);
        Assert.Equal("third-onboarding-information",
            (string?)gbd["response-details"]!["managed-response"]!["conveyed-information"]!["onboarding-information"]!["referenced-definition"]);
        Assert.Equal(204, (int)log[1]!["return-code"]!);
        Assert.Equal("bootstrap-initiated", (string?)log[1]!["event-details"]!["report-progress-event"]!["passed-input"]!["progress-type"]);

        var device3 = JsonNode.Parse(await s.Admin.GetStringAsync($"{Operational}/wn-sztpd-1:devices/device=third-serial-number"))!["wn-sztpd-1:device"]![0]!;
        Assert.Equal(2, (int)device3["lifecycle-statistics"]!["sbi-access-stats"]!["num-times-accessed"]!);
    }
}
