using System.Text.Json.Nodes;
using Sztpd.EndToEnd.Tests.Infrastructure;

namespace Sztpd.EndToEnd.Tests.Cli;

/// <summary><c>sztp-device storm</c> against a real sztpd: the load generator's contract and a storm without errors.</summary>
public sealed class StormTests
{
    /// <summary>Runs <c>storm</c> against <paramref name="server"/>'s RPC URL; exit code, output, and the JSON of the last line.</summary>
    private static Task<(int Code, string Output, JsonNode Result)> StormAsync(DemoServer server, params string[] options) =>
        StormAsync(server, server.SbiUri.Port, options);

    /// <summary>Runs <c>storm</c> against <paramref name="server"/>'s devices and RPC path, on <paramref name="port"/>.</summary>
    private static async Task<(int Code, string Output, JsonNode Result)> StormAsync(DemoServer server, int port, params string[] options)
    {
        var (code, stdout, stderr) = await SztpDeviceProcess.RunAsync([
            "storm", "--bootstrap-url", $"https://127.0.0.1:{port}/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data", "--pki", server.Dir.Path, .. options]);
        return (code, stdout + stderr, JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!);
    }

    [Fact]
    public async Task Storm_100Devices_AllCompleteOnNewConnections_AndTheLastLineIsTheJsonResult()
    {
        await using var server = await DemoServer.StartAsync(devices: 100);

        var (code, output, result) = await StormAsync(server, "--devices", "100", "--concurrency", "8");

        Assert.True(code == 0, output);
        Assert.Equal(100, (int)result["devices"]!);
        Assert.Equal(100, (int)result["completed"]!);
        Assert.Equal(0, (int)result["errors"]!);
        Assert.True((double)result["devices_per_second"]! > 0);
        Assert.Equal(100, (int)result["rpcs"]!["get-bootstrapping-data"]!["count"]!);
        Assert.Equal(200, (int)result["rpcs"]!["report-progress"]!["count"]!);
        Assert.True((double)result["client_cpu_s"]! > 0);
        var log = await server.BootstrappingLogAsync(server.Serial(100));
        Assert.Equal(3, log.Count);
    }

    /// <summary>
    /// <c>storm --profile cisco-ios-xe</c> against <c>pki demo --profile cisco-ios-xe</c>: every switch (SHA-1 SUDI,
    /// PKCS #1 only, TLS 1.2) bootstraps from signed data; without the profile none can even send its SUDI.
    /// </summary>
    [Fact]
    public async Task Storm_WithTheCiscoProfile_BootstrapsCiscoDevices_WhichAGenericStormCannot()
    {
        await using var server = await DemoServer.StartAsync(devices: 4, profile: Sztpd.DeviceSimulator.Device.DeviceProfile.CiscoIosXe);

        var (code, output, result) = await StormAsync(server, "--concurrency", "2", "--profile", "cisco-ios-xe");
        var (genericCode, _, generic) = await StormAsync(server, "--concurrency", "2");

        Assert.True(code == 0, output);
        Assert.Equal(4, (int)result["completed"]!);
        Assert.Equal(1, genericCode);
        Assert.Equal(4, (int)generic["errors_by_kind"]!["tls"]!);
    }

    /// <summary><c>storm --csr</c> against <c>pki demo --csr</c>: every device gets a certificate from the CA sztpd keeps, recorded.</summary>
    [Fact]
    public async Task Storm_WithCsr_IssuesEveryDeviceACertificate()
    {
        await using var server = await DemoServer.StartAsync(devices: 6, csr: true);

        var (code, output, result) = await StormAsync(server, "--concurrency", "3", "--csr");

        Assert.True(code == 0, output);
        Assert.Equal(6, (int)result["completed"]!);
        // csr-support answered with a csr-request, then the CSR: two get-bootstrapping-data per device.
        Assert.Equal(12, (int)result["rpcs"]!["get-bootstrapping-data"]!["count"]!);
        var issued = JsonNode.Parse(await server.Admin.GetStringAsync("/restconf/ds/ietf-datastores:operational/sztpd-ext:issued-certificates"))!
            ["sztpd-ext:issued-certificates"]!["certificate"]!.AsArray();
        Assert.Equal(6, issued.Count(c => ((string)c!["holder"]!).StartsWith("device ", StringComparison.Ordinal) && (string?)c["issuer"] == "ldevid-ca"));
    }

    [Fact]
    public async Task Storm_KeepAlive_SendsEveryRequestOnItsDevicesConnection()
    {
        await using var server = await DemoServer.StartAsync(devices: 2);
        await using var proxy = new ConnectionCountingProxy(server.SbiUri.Port);

        var (code, output, result) = await StormAsync(server, proxy.Port, "--concurrency", "2", "--keepalive", "5");

        Assert.True(code == 0, output);
        Assert.Equal("keepalive", (string?)result["mode"]);
        Assert.Equal(10, (int)result["completed"]!);
        Assert.Equal(0, (int)result["errors"]!);
        Assert.Equal(5, (await server.BootstrappingLogAsync(server.Serial(2))).Count);
        Assert.Equal(2, proxy.Connections); // ten requests, one connection per device
    }

    [Fact]
    public async Task Storm_UnreachableServer_CountsConnectErrors_AndExitsNonZero()
    {
        using var dir = new Sztpd.Testing.TempDirectory("sztp-storm");
        Assert.Equal(0, (await SztpDeviceProcess.RunAsync("pki", "demo", "--devices", "2", "--out", dir.Path)).Code);
        var port = Sztpd.Testing.Processes.SztpdProcess.FreePort();

        var (code, stdout, _) = await SztpDeviceProcess.RunAsync("storm", "--bootstrap-url", $"https://127.0.0.1:{port}/restconf", "--pki", dir.Path, "--concurrency", "2");

        Assert.Equal(1, code);
        var result = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!;
        Assert.Equal(2, (int)result["errors"]!);
        Assert.Equal(2, (int)result["errors_by_kind"]!["connect"]!);
    }
}
