using System.Text.Json;

namespace Sztpd.DeviceSimulator.Tests.Artifacts;

public sealed class DhcpCommandTests
{
    [Fact]
    public async Task DhcpEncode_TwoUris_PrintsHexAndEverySnippet()
    {
        var run = await CommandRun.RunAsync("dhcp", "encode", "--uri", "https://sztp1.example.com", "--uri", "https://[2001:db8::1]:8443");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        var lines = run.Stdout.Split('\n');
        Assert.Equal("8f37001968747470733a2f2f737a7470312e6578616d706c652e636f6d001a68747470733a2f2f5b323030313a6462383a3a315d3a38343433", lines[Array.FindIndex(lines, l => l.StartsWith("== DHCPv4 option 143", StringComparison.Ordinal)) + 1]);
        Assert.StartsWith("00880037001968", lines[Array.FindIndex(lines, l => l.StartsWith("== DHCPv6 option 136", StringComparison.Ordinal)) + 1], StringComparison.Ordinal);
        Assert.Contains("option sztp-redirect code 143 = string;", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("option dhcp6.sztp-redirect code 136 = string;", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"code\": 143, \"space\": \"dhcp4\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"code\": 136, \"space\": \"dhcp6\"", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DhcpEncode_Json_HasTheDocumentedKeys()
    {
        var run = await CommandRun.RunAsync("dhcp", "encode", "--json", "--uri", "https://sztp1.example.com");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("https://sztp1.example.com", root.GetProperty("uris")[0].GetString());
        Assert.Equal("001968747470733a2f2f737a7470312e6578616d706c652e636f6d", root.GetProperty("bootstrap_server_list").GetString());
        Assert.Equal("8f1b001968747470733a2f2f737a7470312e6578616d706c652e636f6d", Assert.Single(root.GetProperty("dhcpv4_options").EnumerateArray()).GetString());
        Assert.Equal("0088001b001968747470733a2f2f737a7470312e6578616d706c652e636f6d", root.GetProperty("dhcpv6_option").GetString());
    }

    [Theory]
    [InlineData("--uri", "http://sztp.example.com", "\"http://sztp.example.com\" is not a bootstrap server URI: the scheme must be https")]
    [InlineData("--json", null, "Option '--uri' is required.")]
    public async Task DhcpEncode_BadInput_ExitsWith2AndSaysWhy(string option, string? value, string message)
    {
        var run = await CommandRun.RunAsync(value is null ? ["dhcp", "encode", option] : ["dhcp", "encode", option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DhcpDecode_V4WithColons_PrintsTheUris()
    {
        var run = await CommandRun.RunAsync("dhcp", "decode", "--v4", "8f:1b:00:19:68:74:74:70:73:3a:2f:2f:73:7a:74:70:31:2e:65:78:61:6d:70:6c:65:2e:63:6f:6d");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("https://sztp1.example.com\n", run.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task DhcpDecode_V6WithAnInvalidEntry_ReportsItOnStderr()
    {
        // entries "http:" (ignored) and "https://a.example"
        var run = await CommandRun.RunAsync("dhcp", "decode", "--v6", "0088 001a 0005 687474703a 0011 68747470733a2f2f612e6578616d706c65");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("https://a.example", run.Stdout.Trim());
        Assert.Contains("ignored \"http:\": the scheme must be https", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DhcpDecode_NoValidUri_ExitsWith1()
    {
        var run = await CommandRun.RunAsync("dhcp", "decode", "--list", "0005687474703a");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("MUST discard", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--list", "0g" }, "not hexadecimal")]
    [InlineData(new[] { "--list", "00", "--v4", "8f00" }, "exactly one of")]
    [InlineData(new string[0], "exactly one of")]
    public async Task DhcpDecode_BadArguments_ExitWith2(string[] args, string message)
    {
        var run = await CommandRun.RunAsync(["dhcp", "decode", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }
}
