using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;

namespace Sztpd.EndToEnd.Tests.Bootstrap;

/// <summary>
/// The arista-eos profile end to end: <c>pki demo --profile arista-eos</c> configures what EOS applies (configuration-handling
/// replace) on a device type with the profile, and an EOS-like device (replace and sha-256 only) bootstraps from it.
/// </summary>
public sealed class AristaEosProfileTests
{
    [Fact]
    public async Task TheEosRecipe_Bootstraps_WithVerboseReporting_AndReplace()
    {
        await using var server = await DemoServer.StartAsync(profile: DeviceProfile.AristaEos);
        using var output = new Sztpd.Testing.TempDirectory("sztp-eos");

        var eos = await new SztpDevice(server.Device(1) with { Profile = DeviceProfile.AristaEos, OutputDirectory = output.Path }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(eos.Completed, eos.ToJson().ToJsonString());
        Assert.Equal("replace\n", File.ReadAllText(output.Combine("configuration-handling")));
        // reporting-level verbose (the profile's) makes the device send every report, the image's included.
        Assert.Equal(["bootstrap-initiated", "boot-image-initiated", "boot-image-installed-rebooting", "bootstrap-initiated",
            "config-initiated", "config-complete", "bootstrap-complete"], await server.ProgressTypesAsync(server.Serial(1)));
    }

    [Fact]
    public async Task AnEosDevice_RefusesMergeConfiguration_AndReportsAConfigError()
    {
        await using var server = await DemoServer.StartAsync();

        var eos = await new SztpDevice(server.Device(1) with { Profile = DeviceProfile.AristaEos, Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(eos.Completed);
        Assert.Equal("config", eos.ErrorKind);
        Assert.Contains("config-error", await server.ProgressTypesAsync(server.Serial(1)));
    }
}
