using System.Text.Json.Nodes;
using Sztpd.Testing.Processes;

namespace Sztpd.Server.Tests.Cli;

/// <summary>SZTPD_LOG_FORMAT and SZTPD_LOG_LEVEL, as an operator sets them for the executable.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task LogFormatJson_EachEventIsOneJsonObject_WithItsEventId()
    {
        await using var s = await SztpdProcess.StartAsync("sqlite:///:memory:", env: new Dictionary<string, string?> { ["SZTPD_LOG_FORMAT"] = "json" });

        var line = s.Stdout.Split('\n').Single(l => l.Contains("listening on", StringComparison.Ordinal));

        var json = JsonNode.Parse(line)!;
        Assert.Equal(1, (int)json["EventId"]!);
        Assert.Equal("Information", (string?)json["LogLevel"]);
        Assert.StartsWith("sztpd 0.1.0: mode 1, database sqlite, listening on http://127.0.0.1:", (string?)json["Message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextFormat_StartLine_HasTimestampLevelAndEventId()
    {
        await using var s = await SztpdProcess.StartAsync("sqlite:///:memory:");

        var line = s.Stdout.Split('\n').Single(l => l.Contains("listening on", StringComparison.Ordinal));

        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: Sztpd\.Server\[1\] sztpd 0\.1\.0: mode 1, database sqlite, listening on http://127\.0\.0\.1:\d+ \(wn-app:native-interface\)$", line);
    }

    [Theory]
    [InlineData("SZTPD_LOG_LEVEL", "loud", "SZTPD_LOG_LEVEL \"loud\" must be one of trace, debug, information, warning, error, critical, none.")]
    [InlineData("SZTPD_LOG_FORMAT", "xml", "SZTPD_LOG_FORMAT \"xml\" must be text or json.")]
    public async Task BadLogSetting_Exits1_NamingTheVariable(string variable, string value, string message)
    {
        var (code, _, stderr) = await SztpdProcess.RunToExitAsync(["sqlite:///:memory:"],
            new Dictionary<string, string?> { ["SZTPD_ACCEPT_CONTRACT"] = "Yes", ["SZTPD_INIT_MODE"] = "1", [variable] = value });

        Assert.Equal(1, code);
        Assert.Equal($"sztpd: error: {message}", stderr.Trim());
    }
}
