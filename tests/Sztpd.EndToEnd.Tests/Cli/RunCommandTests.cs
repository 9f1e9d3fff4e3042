using System.Text;
using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;
using Sztpd.Pki.Cms;
using Sztpd.Testing;

namespace Sztpd.EndToEnd.Tests.Cli;

/// <summary><c>sztp-device run</c>'s contract (exit status, JSON summary) and the sources other than a bootstrap URL.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_FromTheDhcpOptionDhcpEncodePrints_CompletesWithExit0AndASummary()
    {
        await using var server = await DemoServer.StartAsync();
        var (code, json, _) = await SztpDeviceProcess.RunAsync("dhcp", "encode", "--uri", $"https://127.0.0.1:{server.Options.SbiPort}", "--json");
        Assert.Equal(0, code);
        var option = (string)JsonNode.Parse(json)!["dhcpv4_options"]![0]!;
        var device = server.Dir.Combine($"devices/{server.Serial(1)}");

        var (exit, stdout, stderr) = await SztpDeviceProcess.RunAsync("run", "--dhcp-v4", option, "--cert", $"{device}/cert.pem", "--key", $"{device}/key.pem",
            "--trust-anchor", server.Dir.Combine("server-ca.pem"), "--no-download");

        Assert.True(exit == 0, stdout + stderr);
        var summary = JsonNode.Parse(stdout)!;
        Assert.Equal("bootstrap-complete", (string?)summary["result"]);
        Assert.Equal(server.Serial(1), (string?)summary["serial-number"]);
        Assert.True((bool)summary["trusted"]!);
        Assert.Contains("Trusted bootstrap server", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RejectedDevice_Exits1_WithTheReason()
    {
        await using var server = await DemoServer.StartAsync(devicePassword: "right");
        var device = server.Dir.Combine($"devices/{server.Serial(2)}");

        var (exit, stdout, _) = await SztpDeviceProcess.RunAsync("run", "--bootstrap-url", server.SbiUri.ToString(), "--cert", $"{device}/cert.pem",
            "--key", $"{device}/key.pem", "--password", "wrong", "--trust-anchor", server.Dir.Combine("server-ca.pem"), "--quiet");

        Assert.Equal(1, exit);
        var summary = JsonNode.Parse(stdout)!;
        Assert.Equal("failed", (string?)summary["result"]);
        Assert.Equal("http-401", (string?)summary["error-kind"]);
    }

    [Fact]
    public async Task Run_MissingKeyFile_Exits2_WithUsage()
    {
        using var dir = new TempDirectory("sztp-run");
        var (exit, _, stderr) = await SztpDeviceProcess.RunAsync("run", "--bootstrap-url", "https://127.0.0.1:1", "--cert", dir.Combine("none.pem"), "--key", dir.Combine("none.key"));

        Assert.Equal(2, exit);
        Assert.Contains("sztp-device run [options]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovableStorage_UnsignedRedirect_IsFollowed_ToATrustedServerThatOnboards()
    {
        await using var server = await DemoServer.StartAsync();
        using var usb = new TempDirectory("sztp-usb");
        var redirect = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["ietf-sztp-conveyed-info:redirect-information"] = new JsonObject
            {
                ["bootstrap-server"] = new JsonArray(new JsonObject { ["address"] = "127.0.0.1", ["port"] = server.Options.SbiPort }),
            },
        }.ToJsonString());
        Sztpd.DeviceSimulator.Artifacts.RemovableStorage.Write(usb.Path, server.Serial(3), ConveyedInformationCms.Encode(redirect, xml: false), null, null);

        var result = await new SztpDevice(server.Device(3) with { Download = false }).RunAsync([BootstrapSource.RemovableStorage(usb.Path)]);

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.Equal(1, result.Redirects);
        Assert.Equal(["bootstrap-initiated", "bootstrap-complete"], await server.ProgressTypesAsync(server.Serial(3)));
    }
}
