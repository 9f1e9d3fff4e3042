using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>
/// Reading a long log pages, and an answer never holds more than a bounded number of log entries (issue 15: GET of
/// the operational datastore returned 421 MB; one device's grown log took 7.9 GB of memory and answered 500).
/// </summary>
public sealed class LogPagingTests
{
    private const string AuditLog = Operational + "/wn-sztpd-1:audit-log";

    [Fact]
    public async Task TheAuditLog_Pages_WithLimitOffsetAndDirection()
    {
        await using var s = await ConfiguredServer.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            using var r = await s.Client.GetAsync($"{Running}/wn-sztpd-1:device-types/device-type=t{i}"); // distinct paths to tell the entries apart
        }
        await s.Process.LogsSettledAsync();
        var all = await PathsAsync(s, AuditLog);
        await s.Process.LogsSettledAsync(); // that read's own entry is the newest now
        Assert.Equal([AuditLog, all[^1]], await PathsAsync(s, AuditLog + "?limit=2&direction=backwards"));
        Assert.Equal(all.Skip(1).Take(3), await PathsAsync(s, AuditLog + "?offset=1&limit=3"));
    }

    [Fact]
    public async Task AReadThatWouldHoldMoreLogEntriesThanTheLimit_Is413_AndAPageOfItIsNot()
    {
        await using var s = await ConfiguredServer.StartAsync(limits: new Sztpd.Core.Limits.InputLimits { MaxAnswerLogEntries = 100 });
        for (var i = 0; i < 120; i++)
        {
            using var r = await s.Client.GetAsync(Running + "/wn-sztpd-1:device-types");
        }
        await s.Process.LogsSettledAsync();

        foreach (var path in new[] { AuditLog, Operational })
        {
            using var whole = await s.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, whole.StatusCode);
            Assert.Equal("too-big", (string?)(await ErrorAsync(whole))["error-tag"]);
        }
        Assert.Equal(50, (await PathsAsync(s, AuditLog + "?limit=50&direction=backwards")).Count);
    }

    [Fact]
    public async Task ADeviceLogLongerThanTheAnswerLimit_IsPaged_AndWholeIs413()
    {
        await using var s = await ConfiguredServer.StartAsync(limits: new Sztpd.Core.Limits.InputLimits { MaxAnswerLogEntries = 50 });
        var sbi = SztpdProcess.FreePort();
        var mark = s.Process.OutputMark;
        using (var post = await s.Client.PostAsync(Running + "/wn-sztpd-1:transport/listen", Json(new JsonObject { ["wn-sztpd-1:endpoint"] = new JsonArray(HttpSbiEndpoint("sbi", sbi)) })))
        {
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        }
        await s.Process.WaitForOutputAsync("listeners restarted", mark);
        using var device = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sbi}") };
        device.DefaultRequestHeaders.Authorization = Sztpd.Testing.BasicAuthentication.Header("first-serial-number", "my-secret");
        for (var i = 0; i < 60; i++)
        {
            using var r = await device.PostAsync(Gbd, Json(new JsonObject { ["ietf-sztp-bootstrap-server:input"] = new JsonObject { ["hw-model"] = $"m{i}" } }));
        }
        await s.Process.LogsSettledAsync();
        var log = Operational + "/wn-sztpd-1:devices/device=first-serial-number/bootstrapping-log";

        using (var whole = await s.Client.GetAsync(log))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, whole.StatusCode);
        }
        var page = JsonNode.Parse(await s.Client.GetStringAsync(log + "?limit=3&direction=backwards"))!["wn-sztpd-1:bootstrapping-log"]!["log-entry"]!.AsArray();
        Assert.Equal(["m59", "m58", "m57"], page.Select(e => (string?)e!["event-details"]!["get-bootstrapping-data-event"]!["passed-input"]!["hw-model"]));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("offset=-1")]
    [InlineData("direction=sideways")]
    [InlineData("depth=1")]
    public async Task BadPagingParameters_Are400(string query)
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var r = await s.Client.GetAsync(AuditLog + "?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("invalid-value", (string?)(await ErrorAsync(r))["error-tag"]);
    }

    private static async Task<List<string>> PathsAsync(ConfiguredServer s, string path)
    {
        var text = await s.Client.GetStringAsync(path);
        return [.. JsonNode.Parse(text)!["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray().Select(e => (string)e!["path"]!)];
    }
}
