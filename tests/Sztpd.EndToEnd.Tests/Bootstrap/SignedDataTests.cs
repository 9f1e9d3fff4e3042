using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>RFC 8572 §5.4 end to end: owner-signed onboarding information with the manufacturer's voucher.</summary>
public sealed class SignedDataTests
{
    [Fact]
    public async Task UntrustedServer_SignedOnboarding_IsVerifiedAndProcessed_WithoutProgressReports()
    {
        await using var server = await DemoServer.StartAsync(signed: true);

        var result = await new SztpDevice(server.Device(1, trustServer: false) with { Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.True(result.Signed);
        Assert.Contains(result.Steps, s => s.Kind == "verify" && s.Message.StartsWith($"Signed data verified: voucher for {server.Serial(1)}", StringComparison.Ordinal));
        Assert.Empty(await server.ProgressTypesAsync(server.Serial(1)));
    }

    [Fact]
    public async Task TrustedServer_SignedXmlOnboarding_IsVerified_AndProgressIsReported()
    {
        await using var server = await DemoServer.StartAsync(signed: true);

        var result = await new SztpDevice(server.Device(2) with { Xml = true, Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.True(result.Signed);
        Assert.Equal(["bootstrap-initiated", "bootstrap-complete"], await server.ProgressTypesAsync(server.Serial(2)));
    }

    [Fact]
    public async Task WithoutTheManufacturersAnchor_TheVoucherIsRejected_AndNothingIsProcessed()
    {
        await using var server = await DemoServer.StartAsync(signed: true);
        using var output = new Sztpd.Testing.TempDirectory("sztp-device-out");
        var device = server.Device(1) with { VoucherTrustAnchors = server.Device(1).BootstrapServerTrustAnchors, OutputDirectory = output.Path };

        var result = await new SztpDevice(device).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("verification", result.ErrorKind);
        Assert.Empty(Directory.GetFileSystemEntries(output.Path));
        Assert.Empty(await server.ProgressTypesAsync(server.Serial(1)));
    }

    [Fact]
    public async Task NonceSent_ButTheVoucherHasNone_TheServerRefusesToSign()
    {
        await using var server = await DemoServer.StartAsync(signed: true);

        var result = await new SztpDevice(server.Device(1) with { Nonce = [1, 2, 3, 4, 5, 6, 7, 8] }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("http-409", result.ErrorKind);
    }
}
