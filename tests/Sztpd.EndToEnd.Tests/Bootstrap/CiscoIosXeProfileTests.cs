using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>
/// <c>sztp-device run --profile cisco-ios-xe</c> against a real sztpd: the switch's trace (docs/device-profiles.md) —
/// signed-data-preferred always, TLS 1.2 only, signed data required, no progress reports to an untrusted server.
/// </summary>
public sealed class CiscoIosXeProfileTests
{
    [Fact]
    public async Task Profile_UntrustedServer_OnboardsFromSignedData_SendsSignedDataPreferred_AndNoProgress()
    {
        await using var server = await DemoServer.StartAsync(signed: true);
        var device = server.Dir.Combine($"devices/{server.Serial(1)}");

        var (exit, stdout, stderr) = await SztpDeviceProcess.RunAsync("run", "--profile", "cisco-ios-xe", "--bootstrap-url", server.SbiUri.ToString(),
            "--cert", $"{device}/cert.pem", "--key", $"{device}/key.pem", "--voucher-trust-anchor", server.Dir.Combine("voucher-signer-ca.pem"), "--no-download");

        Assert.True(exit == 0, stdout + stderr);
        Assert.True((bool)JsonNode.Parse(stdout)!["signed"]!);
        Assert.Contains("Untrusted bootstrap server", stderr, StringComparison.Ordinal);
        Assert.True(SignedDataPreferred(Assert.Single(await GetBootstrappingDataInputsAsync(server, server.Serial(1)))));
        Assert.Empty(await server.ProgressTypesAsync(server.Serial(1)));
    }

    [Fact]
    public async Task Profile_TrustedServer_SendsSignedDataPreferred_AndReportsProgress_WhereGenericSendsNoSignedDataPreferred()
    {
        await using var server = await DemoServer.StartAsync(signed: true);

        var cisco = await new SztpDevice(server.Device(1) with { Profile = DeviceProfile.CiscoIosXe, Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);
        var generic = await new SztpDevice(server.Device(2) with { Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(cisco.Completed, cisco.ToJson().ToJsonString());
        Assert.True(generic.Completed, generic.ToJson().ToJsonString());
        Assert.True(SignedDataPreferred(Assert.Single(await GetBootstrappingDataInputsAsync(server, server.Serial(1)))));
        Assert.False(SignedDataPreferred(Assert.Single(await GetBootstrappingDataInputsAsync(server, server.Serial(2)))));
        Assert.Equal(["bootstrap-initiated", "bootstrap-complete"], await server.ProgressTypesAsync(server.Serial(1)));
    }

    [Fact]
    public async Task Profile_RefusesUnsignedOnboarding_EvenFromATrustedServer_WhereGenericOnboards()
    {
        await using var server = await DemoServer.StartAsync();

        var cisco = await new SztpDevice(server.Device(1) with { Profile = DeviceProfile.CiscoIosXe, Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);
        var generic = await new SztpDevice(server.Device(2) with { Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(cisco.Completed);
        Assert.Equal("unsigned", cisco.ErrorKind);
        Assert.Empty(await server.ProgressTypesAsync(server.Serial(1)));
        Assert.True(generic.Completed, generic.ToJson().ToJsonString());
    }

    [Fact]
    public async Task Profile_OffersOnlyTls12_SoATls13OnlyListenerRefusesIt_WhereGenericConnects()
    {
        await using var server = await DemoServer.StartAsync(signed: true, edit: (config, _) =>
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray()
                .Single(e => (string?)e!["use-for"] == "wn-sztpd-0:rfc8572-interface")!["https"]!["tls-server-parameters"]!["sztpd-ext:hello-params"] =
                JsonNode.Parse("""{"tls-version": ["tls13"]}"""));

        var cisco = await new SztpDevice(server.Device(1) with { Profile = DeviceProfile.CiscoIosXe, Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);
        var generic = await new SztpDevice(server.Device(2) with { Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(cisco.Completed);
        Assert.Equal("tls", cisco.ErrorKind);
        Assert.Empty(cisco.Rpcs);
        Assert.True(generic.Completed, generic.ToJson().ToJsonString());
    }

    /// <summary>The inputs of the get-bootstrapping-data requests the server logged for <paramref name="serial"/>.</summary>
    private static async Task<List<JsonObject>> GetBootstrappingDataInputsAsync(DemoServer server, string serial) =>
        [.. (await server.BootstrappingLogAsync(serial))
            .Select(e => e!["event-details"]?["get-bootstrapping-data-event"]?["passed-input"] as JsonObject)
            .OfType<JsonObject>()];

    private static bool SignedDataPreferred(JsonObject input) => input.ContainsKey("signed-data-preferred");
}
