using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.DeviceSimulator.Cli;
using Sztpd.DeviceSimulator.Device;
using Sztpd.DeviceSimulator.Tests.Artifacts;

namespace Sztpd.DeviceSimulator.Tests.Cli;

public sealed class RunArgumentsTests
{
    [Theory]
    [InlineData("--nonce cannot be combined with --nonce-base64.", "--cert", "d.pem", "--key", "d.key", "--nonce", "--nonce-base64", "AAAA")]
    [InlineData("--pkcs12 cannot be combined with --cert.", "--pkcs12", "d.p12", "--cert", "d.pem")]
    [InlineData("--pkcs12 cannot be combined with --key.", "--pkcs12", "d.p12", "--key", "d.key")]
    [InlineData("--pkcs12-password needs --pkcs12.", "--cert", "d.pem", "--key", "d.key", "--pkcs12-password", "x")]
    [InlineData("--cert needs --key.", "--cert", "d.pem")]
    [InlineData("--key needs --cert.", "--key", "d.key")]
    [InlineData("Give an identity: --cert FILE with --key FILE, or --pkcs12 FILE.")]
    [InlineData("Option '--timeout' expects a single argument but 2 were provided.", "--cert", "d.pem", "--key", "d.key", "--timeout", "1", "--timeout", "2")]
    [InlineData("--bootstrap-url must be an https URL, not \"http://127.0.0.1:1\".", "--cert", "d.pem", "--key", "d.key", "--bootstrap-url", "http://127.0.0.1:1")]
    [InlineData("--nonce-base64 must be base64.", "--cert", "d.pem", "--key", "d.key", "--nonce-base64", "!")]
    [InlineData("--nonce-base64 must not be empty.", "--cert", "d.pem", "--key", "d.key", "--nonce-base64", "")]
    [InlineData("--dhcp-v4: \"zz\" is not hexadecimal", "--cert", "d.pem", "--key", "d.key", "--dhcp-v4", "zz")]
    [InlineData("--dhcp-v4: the option is discarded", "--cert", "d.pem", "--key", "d.key", "--dhcp-v4", "8f070005687474703a")]
    public async Task Run_OptionsThatDoNotGoTogether_Exit2_BeforeAnythingIsRead(string message, params string[] options)
    {
        var run = await CommandRun.RunAsync(["run", "--bootstrap-url", "https://127.0.0.1:1", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"sztp-device run: {message}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sztp-device run [options]", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownProfile_Exits2_NamingTheProfiles()
    {
        var run = await CommandRun.RunAsync("run", "--bootstrap-url", "https://127.0.0.1:1", "--cert", "d.pem", "--key", "d.key", "--profile", "cisco-ios");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'cisco-ios'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("generic", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("cisco-ios-xe", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("arista-eos", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], DeviceProfile.Generic)]
    [InlineData(new[] { "--profile", "generic" }, DeviceProfile.Generic)]
    [InlineData(new[] { "--profile", "cisco-ios-xe" }, DeviceProfile.CiscoIosXe)]
    [InlineData(new[] { "--profile", "arista-eos" }, DeviceProfile.AristaEos)]
    public void Profile_IsGenericUnlessGiven(string[] options, DeviceProfile expected)
    {
        var arguments = new DeviceArguments();
        var command = new Command("run");
        arguments.AddTo(command);
        using var credentials = TestCredentials();

        Assert.Equal(expected, arguments.Read(command.Parse(options), credentials, null).Profile);
    }

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "--nonce-base64", "AQID" }, "AQID")]
    public void Nonce_IsSentOnlyWhenAsked(string[] options, string? expected)
    {
        var arguments = new DeviceArguments();
        var command = new Command("run");
        arguments.AddTo(command);
        using var credentials = TestCredentials();

        var nonce = arguments.Read(command.Parse(options), credentials, null).Nonce;

        Assert.Equal(expected, nonce is null ? null : Convert.ToBase64String(nonce));
    }

    [Fact]
    public async Task Run_WithoutASource_Exits2()
    {
        var run = await CommandRun.RunAsync("run", "--cert", "d.pem", "--key", "d.key");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Give a source: --bootstrap-url URL, --dhcp-v4 HEX, --dhcp-v6 HEX or --removable-storage DIR.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_AreRepeatable_InTheOrderADeviceTriesThem()
    {
        var arguments = new SourceArguments();
        var command = new Command("run");
        arguments.AddTo(command);

        var sources = arguments.Read(command.Parse([
            "--bootstrap-url", "https://b.example", "--removable-storage", "/media/a", "--dhcp-v4", "8f1b001968747470733a2f2f737a7470312e6578616d706c652e636f6d",
            "--removable-storage", "/media/b", "--bootstrap-url", "https://c.example"]));

        Assert.Equal(4, sources.Count);
        Assert.Equal(BootstrapSource.RemovableStorage("/media/a"), sources[0]);
        Assert.Equal(BootstrapSource.RemovableStorage("/media/b"), sources[1]);
        Assert.Equal([new Uri("https://sztp1.example.com")], Assert.IsType<BootstrapServersSource>(sources[2]).Uris);
        Assert.Equal([new Uri("https://b.example"), new Uri("https://c.example")], Assert.IsType<BootstrapServersSource>(sources[3]).Uris);
    }

    private static DeviceCredentials TestCredentials()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        return DeviceCredentials.FromCertificate(new CertificateRequest("CN=profile-test", key, HashAlgorithmName.SHA256).CreateSelfSigned(now, now.AddDays(1)));
    }
}
