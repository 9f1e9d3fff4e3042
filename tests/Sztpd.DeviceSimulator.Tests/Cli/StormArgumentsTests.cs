using Sztpd.DeviceSimulator.Tests.Artifacts;
using Sztpd.Testing;

namespace Sztpd.DeviceSimulator.Tests.Cli;

public sealed class StormArgumentsTests
{
    private const string RpcUrl = "https://127.0.0.1:1/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data";

    [Theory]
    [InlineData("--warmup", "5")]
    [InlineData("--rate", "50")]
    [InlineData("--signed-data-preferred")]
    [InlineData("--verbose-reports")]
    public async Task Storm_KeepAlive_RefusesOptionsItWouldIgnore(params string[] option)
    {
        var run = await CommandRun.RunAsync(["storm", "--bootstrap-url", RpcUrl, "--pki", "/nonexistent", "--keepalive", "2", .. option]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--keepalive cannot be combined with {option[0]}.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storm_KeepAlive_NeedsTheRpcUrl()
    {
        var run = await CommandRun.RunAsync("storm", "--bootstrap-url", "https://127.0.0.1:1", "--pki", "/nonexistent", "--keepalive", "2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--keepalive needs the RPC URL", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storm_PkiWithoutDevices_Exits2()
    {
        var run = await CommandRun.RunAsync("storm", "--bootstrap-url", RpcUrl, "--pki", "/nonexistent");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent has no devices folder", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storm_DeviceFolderWithoutCertificate_Exits1_WithTheReason_NotAStackTrace()
    {
        using var pki = new TempDirectory("sztp-storm-pki");
        Directory.CreateDirectory(pki.Combine("devices/demo-0001"));

        var run = await CommandRun.RunAsync("storm", "--bootstrap-url", "https://127.0.0.1:1/restconf", "--pki", pki.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cert.pem", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
