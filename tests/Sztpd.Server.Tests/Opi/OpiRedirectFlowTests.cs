using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Opi;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Opi;

/// <summary>
/// The opiproject/sztp two-server flow (compat 4.4 steps 4-12, 14): device "third" asks the redirecter, follows its
/// redirect-information to the bootstrap server, gets its onboarding information there and reports progress;
/// each server's bootstrapping log holds what that server served.
/// </summary>
public sealed class OpiRedirectFlowTests
{
    private const string Third = "third-serial-number";


    [Fact]
    public async Task Third_FollowsTheRedirecter_ToTheBootstrapServer_OnboardsAndReportsProgress_BothServersLogIt()
    {
        using var dir = new TempDirectory();
        using var pki = new OpiPki(DateTimeOffset.UtcNow);
        await using var bootstrap = await OpiServer.StartAsync(pki, (p, nbi, sbi) => OpiTemplate.Running(p, nbi, sbi),
            url: $"sqlite:///{dir.Combine("bootstrap.db")}");
        await using var redirecter = await OpiServer.StartAsync(pki, (p, nbi, sbi) => OpiTemplate.Redirect(p, nbi, sbi, "127.0.0.1", bootstrap.SbiPort),
            url: $"sqlite:///{dir.Combine("redirecter.db")}");
        using var cert = pki.Devices[Third].ToTlsCertificate();
        var input = TestData.OpiData("opiproject-sztp/requests", "get-bootstrapping-data.input.json");

        JsonNode redirect;
        using (var toRedirecter = redirecter.Device(cert, Third))
        using (var r = await toRedirecter.PostAsync(Gbd, Json(input)))
        {
            redirect = JsonNode.Parse(await ConveyedTextAsync(r))!;
        }
        var server = Assert.Single(redirect["ietf-sztp-conveyed-info:redirect-information"]!["bootstrap-server"]!.AsArray())!;
        var (address, port) = ((string)server["address"]!, (int)server["port"]!);
        Assert.Equal(("127.0.0.1", bootstrap.SbiPort), (address, port));
        // The opi template's trust anchor is its device CA chain (an opi quirk), so the device trusts the SBI CA as opi's tests.sh does.
        Assert.Equal(pki.BootsvrTaCertB64, (string?)server["trust-anchor"]);

        using var device = bootstrap.Device(cert, Third, port: port, host: address);
        using (var r = await device.PostAsync(Gbd, Json(input)))
        {
            Assert.Equal(TestData.OpiData("samples", "expected-third-conveyed-information.decoded.json").TrimEnd('\n'), await ConveyedTextAsync(r));
        }
        foreach (var type in new[] { "bootstrap-initiated", "bootstrap-complete" })
        {
            var body = TestData.OpiData("opiproject-sztp/requests", "report-progress.input.json").Replace("bootstrap-initiated", type, StringComparison.Ordinal);
            using var r = await device.PostAsync(Rp, Json(body));
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }

        var served = Assert.Single(await redirecter.BootstrappingLogAsync(Third))!;
        Assert.Equal(200, (int)served["return-code"]!);
        Assert.Equal("my-redirect-information", (string?)served["event-details"]!["get-bootstrapping-data-event"]!["response-details"]!
            ["managed-response"]!["conveyed-information"]!["redirect-information"]!["referenced-definition"]);

        var log = await bootstrap.BootstrappingLogAsync(Third);
        Assert.Equal([200, 204, 204], log.Select(e => (int)e!["return-code"]!));
        Assert.Equal("third-onboarding-information", (string?)log[0]!["event-details"]!["get-bootstrapping-data-event"]!["response-details"]!
            ["managed-response"]!["conveyed-information"]!["onboarding-information"]!["referenced-definition"]);
        Assert.Equal(["bootstrap-initiated", "bootstrap-complete"],
            log.Skip(1).Select(e => (string?)e!["event-details"]!["report-progress-event"]!["passed-input"]!["progress-type"]));
        Assert.DoesNotContain("ietf-restconf:errors", log.ToJsonString(), StringComparison.Ordinal);
    }
}
