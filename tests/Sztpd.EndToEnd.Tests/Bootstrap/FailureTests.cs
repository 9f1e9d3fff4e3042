using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>How the device fails (RFC 8572 §5.3 redirect limit, §5.6 boot image errors) and what the server then hears.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task ServerRedirectingToItself_StopsAfterTenRedirects()
    {
        await using var server = await DemoServer.StartAsync(devices: 1, edit: (config, _) =>
        {
            var sbiPort = (int)config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]![1]!["https"]!["tcp-server-parameters"]!["local-port"]!;
            config["wn-sztpd-1:bootstrap-servers"] = JsonNode.Parse($$"""{"bootstrap-server": [{"name": "myself", "address": "127.0.0.1", "port": {{sbiPort}}}]}""");
            config["wn-sztpd-1:conveyed-information-responses"]!["redirect-information-response"] = JsonNode.Parse(
                """[{"name": "loop", "redirect-information": {"bootstrap-server": ["myself"]}}]""");
            config["wn-sztpd-1:devices"]!["device"]![0]!["response-manager"]!["matched-response"]![0]!["response"] = JsonNode.Parse(
                """{"conveyed-information": {"redirect-information": {"reference": "loop"}}}""");
        });

        var result = await new SztpDevice(server.Device(1)).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("redirect-limit", result.ErrorKind);
        Assert.Equal(10, result.Redirects);
        Assert.Equal(11, result.Rpcs.Count(r => r.Rpc == "get-bootstrapping-data"));
    }

    [Fact]
    public async Task BootImageWithAnotherHash_IsNotInstalled_AndBootImageErrorIsReported()
    {
        await using var server = await DemoServer.StartAsync(devices: 1);
        File.AppendAllText(server.Dir.Combine("images/demo-os-2.0.img"), "tampered");
        using var output = new Sztpd.Testing.TempDirectory("sztp-device-out");

        var result = await new SztpDevice(server.Device(1) with { OutputDirectory = output.Path }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("boot-image", result.ErrorKind);
        Assert.Equal(0, result.Reboots);
        Assert.False(Directory.Exists(Path.Combine(output.Path, "boot-image")));
        Assert.Contains(result.Steps, s => s.Kind == "boot-image" && s.Message.Contains("matches no image-verification", StringComparison.Ordinal));
        Assert.Equal(["bootstrap-initiated", "boot-image-error"], await server.ProgressTypesAsync(server.Serial(1)));
    }

    [Fact]
    public async Task OutputDirectoryThatCannotBeWritten_FailsTheStep_WhichIsReported()
    {
        await using var server = await DemoServer.StartAsync(devices: 1);
        using var output = new Sztpd.Testing.TempDirectory("sztp-device-out");
        var notADirectory = output.WriteBytes("a-file", [1]);

        var result = await new SztpDevice(server.Device(1) with { OutputDirectory = notADirectory }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("output", result.ErrorKind);
        Assert.Contains(notADirectory, result.Error, StringComparison.Ordinal);
        Assert.Equal(["bootstrap-initiated", "boot-image-error"], await server.ProgressTypesAsync(server.Serial(1)));
    }
}
