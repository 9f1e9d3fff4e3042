using System.Text.Json.Nodes;
using Sztpd.DeviceSimulator.DemoPki;
using Sztpd.DeviceSimulator.Device;
using Sztpd.EndToEnd.Tests.Infrastructure;
using Sztpd.Testing.Processes;

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

    /// <summary>
    /// The whole IOS XE recipe of docs/device-profiles.md, as <c>pki demo --profile cisco-ios-xe</c> writes it: an all-RSA
    /// server chain on a TLS 1.2 listener, Cisco-like SUDIs (RSA, SHA-1 signed by an issuing CA the switch sends, under a
    /// SHA-1 root that alone is trusted, <c>SN:</c> in the subject's serialNumber), a device type with the profile, signed
    /// responses and a voucher per device. The switch (the sztp-device process, PKCS #1 only, JSON only) bootstraps from
    /// signed data and reports progress; the same SUDI cannot even be sent by a generic TLS client (OpenSSL refuses SHA-1 at its
    /// default security level).
    /// </summary>
    [Fact]
    public async Task TheIosXeRecipe_ASha1SudiSwitch_BootstrapsFromSignedJson_AndReportsProgress()
    {
        await using var server = await DemoServer.StartAsync(profile: DeviceProfile.CiscoIosXe);
        var device = server.Dir.Combine($"devices/{server.Serial(1)}");
        Assert.Contains("Signature Algorithm: sha1WithRSAEncryption", Sztpd.Testing.OpenSsl.Run(["x509", "-in", $"{device}/cert.pem", "-noout", "-text"]).Output, StringComparison.Ordinal);
        Assert.Contains($"SN:{server.Serial(1)}", Sztpd.Testing.OpenSsl.Run(["x509", "-in", $"{device}/cert.pem", "-noout", "-subject"]).Output, StringComparison.Ordinal);
        string[] run = ["run", "--bootstrap-url", server.SbiUri.ToString(), "--cert", $"{device}/cert.pem", "--key", $"{device}/key.pem",
            "--trust-anchor", server.Dir.Combine("server-ca.pem"), "--voucher-trust-anchor", server.Dir.Combine("voucher-signer-ca.pem"), "--no-download"];

        var (exit, stdout, stderr) = await SztpDeviceProcess.RunAsync([.. run, "--profile", "cisco-ios-xe"]);
        var (genericExit, genericOut, _) = await SztpDeviceProcess.RunAsync(run);

        Assert.True(exit == 0, stdout + stderr);
        var summary = JsonNode.Parse(stdout)!;
        Assert.Equal(server.Serial(1), (string?)summary["serial-number"]);
        Assert.True((bool)summary["signed"]!);
        Assert.Equal(["bootstrap-initiated", "bootstrap-complete"], await server.ProgressTypesAsync(server.Serial(1)));
        Assert.Equal(1, genericExit);
        Assert.Contains("ca md too weak", genericOut, StringComparison.Ordinal);
    }

    /// <summary>
    /// The switch's key signs only RSA PKCS #1 v1.5: openssl s_server's trace of the handshake shows the device's
    /// CertificateVerify signed rsa_pkcs1_sha256 with the cisco-ios-xe profile, where the same RSA key signs RSA-PSS in
    /// the generic profile.
    /// </summary>
    [Theory]
    [InlineData("cisco-ios-xe", "rsa_pkcs1_sha256")]
    [InlineData("generic", "rsa_pss_rsae_sha256")]
    public async Task Profile_SignsTls12CertificateVerify_WithPkcs1Only(string profile, string signature)
    {
        using var dir = new Sztpd.Testing.TempDirectory("sztp-pkcs1");
        DemoPkiWriter.Write(new DemoPkiOptions { Devices = 1, OutputDirectory = dir.Path, RsaServerKey = true });
        // An RSA key signed with SHA-256 (the demo's TLS server certificate serves as the device's here too).
        await using var peer = await OpenSslServer.StartAsync("-tls1_2", "-trace", "-verify", "1", "-cert", dir.Combine("server-cert.pem"), "-key", dir.Combine("private/server-key.pem"));

        await SztpDeviceProcess.RunAsync("run", "--profile", profile, "--bootstrap-url", $"https://127.0.0.1:{peer.Port}", "--serial-number", "rsa-device",
            "--cert", dir.Combine("server-cert.pem"), "--key", dir.Combine("private/server-key.pem"), "--timeout", "5");

        var trace = await peer.OutputAsync();
        var verify = trace.IndexOf("CertificateVerify", StringComparison.Ordinal);
        Assert.True(verify >= 0, trace);
        Assert.Contains($"Signature Algorithm: {signature}", trace[verify..], StringComparison.Ordinal);
    }

    /// <summary>IOS XE 17.x parses conveyed information only as JSON (1.43): XML (1.42) is a parsing-error, which a trusted server hears of.</summary>
    [Fact]
    public async Task Profile_RefusesXmlConveyedInformation_AndReportsAParsingError()
    {
        await using var server = await DemoServer.StartAsync(signed: true, edit: (config, _) =>
            config["wn-sztpd-1:device-types"]!["device-type"]![0]!["sztpd-ext:conveyed-information-encoding"] = "xml");

        var cisco = await new SztpDevice(server.Device(1) with { Profile = DeviceProfile.CiscoIosXe, Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);
        var generic = await new SztpDevice(server.Device(2) with { Download = false }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.False(cisco.Completed);
        Assert.Equal("parsing", cisco.ErrorKind);
        Assert.Contains("parsing-error", await server.ProgressTypesAsync(server.Serial(1)));
        Assert.True(generic.Completed, generic.ToJson().ToJsonString());
    }

    /// <summary>Without os-name and os-version in the boot image the switch skips the image update, and goes on.</summary>
    [Fact]
    public async Task Profile_SkipsABootImageWithoutOsNameAndVersion_WhereGenericInstallsIt()
    {
        await using var server = await DemoServer.StartAsync(signed: true, edit: (config, _) =>
        {
            var image = config["wn-sztpd-1:boot-images"]!["boot-image"]![0]!.AsObject();
            image.Remove("os-name");
            image.Remove("os-version");
        });

        var cisco = await new SztpDevice(server.Device(1) with { Profile = DeviceProfile.CiscoIosXe }).RunAsync([BootstrapSource.Servers(server.SbiUri)]);
        var generic = await new SztpDevice(server.Device(2)).RunAsync([BootstrapSource.Servers(server.SbiUri)]);

        Assert.True(cisco.Completed, cisco.ToJson().ToJsonString());
        Assert.Equal(0, cisco.Reboots);
        Assert.Contains(cisco.Steps, s => s.Kind == "boot-image" && s.Message.Contains("the image update is skipped", StringComparison.Ordinal));
        Assert.DoesNotContain("boot-image-installed-rebooting", await server.ProgressTypesAsync(server.Serial(1)));
        Assert.Equal(1, generic.Reboots);
    }

    /// <summary>The inputs of the get-bootstrapping-data requests the server logged for <paramref name="serial"/>.</summary>
    private static async Task<List<JsonObject>> GetBootstrappingDataInputsAsync(DemoServer server, string serial) =>
        [.. (await server.BootstrappingLogAsync(serial))
            .Select(e => e!["event-details"]?["get-bootstrapping-data-event"]?["passed-input"] as JsonObject)
            .OfType<JsonObject>()];

    private static bool SignedDataPreferred(JsonObject input) => input.ContainsKey("signed-data-preferred");
}
