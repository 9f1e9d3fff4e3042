using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>RFC 8572 §5 end to end: the simulated device against a real sztpd configured by the demo's running.json.</summary>
public sealed class OnboardingTests
{
    [Fact]
    public async Task RsaServerKey_TheServerPresentsIt_AndTheDeviceCompletes()
    {
        await using var server = await DemoServer.StartAsync(rsaServerKey: true);
        System.Security.Cryptography.X509Certificates.X509Certificate2? presented = null;
        using (var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => (presented = cert is null ? null : new(cert)) is not null })
        using (var probe = new HttpClient(handler))
        {
            using var r = await probe.GetAsync(new Uri(server.SbiUri, "/.well-known/host-meta"), TestContext.Current.CancellationToken);
        }

        var result = await new SztpDevice(server.Device(1) with { Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.True(result.Trusted);
        using var rsa = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPublicKey(presented!);
        Assert.Equal(2048, rsa!.KeySize);
    }

    [Fact]
    public async Task TrustedServer_Onboarding_InstallsImageRebootsAndCompletes_WithProgressReportsLogged()
    {
        await using var server = await DemoServer.StartAsync();
        using var output = new Sztpd.Testing.TempDirectory("sztp-device-out");
        var options = server.Device(1) with { OutputDirectory = output.Path };

        var result = await new SztpDevice(options).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.True(result.Trusted);
        Assert.False(result.Signed);
        Assert.Equal(1, result.Reboots);
        Assert.Equal($"127.0.0.1:{server.Options.SbiPort}", result.OnboardingServer);
        Assert.Equal("merge\n", File.ReadAllText(Path.Combine(output.Path, "configuration-handling")));
        Assert.Contains("<hostname>sztp-demo-device</hostname>", File.ReadAllText(Path.Combine(output.Path, "configuration")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output.Path, "boot-image", "demo-os-2.0.img")));
        Assert.False(File.Exists(Path.Combine(output.Path, "pre-configuration-script.log")), "scripts must not run without RunScripts");
        Assert.Equal(
            ["bootstrap-initiated", "boot-image-installed-rebooting", "bootstrap-initiated", "bootstrap-complete"],
            await server.ProgressTypesAsync(server.Serial(1)));
        var log = await server.BootstrappingLogAsync(server.Serial(1));
        var input = log.Last(e => e!["event-details"]?["get-bootstrapping-data-event"] is not null)!["event-details"]!["get-bootstrapping-data-event"]!["passed-input"]!;
        Assert.Equal("2.0", (string?)input["os-version"]);
        Assert.Null(input["signed-data-preferred"]);
    }

    [Fact]
    public async Task Xml_SignedDataPreferred_VerboseReports_RunScripts_AllStepsReportedInOrder()
    {
        await using var server = await DemoServer.StartAsync();
        using var output = new Sztpd.Testing.TempDirectory("sztp-device-out");
        var options = server.Device(2) with { OutputDirectory = output.Path, Xml = true, SignedDataPreferred = true, VerboseReports = true, RunScripts = true, Download = false };

        var result = await new SztpDevice(options).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(result.Completed, result.ToJson().ToJsonString());
        Assert.Equal(0, result.Reboots);
        Assert.Contains($"pre-configuration script of the sztp-device demo on {server.Serial(2)}", File.ReadAllText(Path.Combine(output.Path, "pre-configuration-script.log")), StringComparison.Ordinal);
        Assert.Equal(
            ["bootstrap-initiated", "pre-script-initiated", "pre-script-complete", "config-initiated", "config-complete",
             "post-script-initiated", "post-script-complete", "bootstrap-complete"],
            await server.ProgressTypesAsync(server.Serial(2)));
        var gbd = (await server.BootstrappingLogAsync(server.Serial(2)))[0]!;
        Assert.Equal(200, (int)gbd["return-code"]!);
        Assert.NotNull(gbd["event-details"]!["get-bootstrapping-data-event"]!["passed-input"]!["signed-data-preferred"]);
    }

    [Fact]
    public async Task UntrustedServer_UnsignedOnboarding_IsRefused_AndNoProgressIsReported()
    {
        await using var server = await DemoServer.StartAsync();

        var result = await new SztpDevice(server.Device(1, trustServer: false)).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("untrusted-onboarding", result.ErrorKind);
        Assert.Empty(await server.ProgressTypesAsync(server.Serial(1)));
        var input = (await server.BootstrappingLogAsync(server.Serial(1)))[0]!["event-details"]!["get-bootstrapping-data-event"]!["passed-input"]!;
        Assert.NotNull(input["signed-data-preferred"]);
    }

    [Fact]
    public async Task UnknownManufacturer_IsRejectedByTheServer_AndTheDeviceSaysWhy()
    {
        await using var server = await DemoServer.StartAsync();
        await using var other = await DemoServer.StartAsync(devices: 1);
        var stranger = other.Device(1) with { BootstrapServerTrustAnchors = server.Device(1).BootstrapServerTrustAnchors };

        var result = await new SztpDevice(stranger).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(result.Completed);
        Assert.Equal("http-401", result.ErrorKind);
        Assert.Contains("answered 401", result.Error, StringComparison.Ordinal);
    }
}
