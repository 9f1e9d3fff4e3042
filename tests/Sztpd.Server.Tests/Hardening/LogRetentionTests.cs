using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>The logs are pruned (issue 15: nothing ever was): the audit log by age and count, each device's bootstrapping log to its newest entries.</summary>
public sealed class LogRetentionTests
{
    [Fact]
    public async Task AuditEntriesOlderThan90Days_ArePruned()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using (var before = await s.Client.GetAsync(Running))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        await s.Process.LogsSettledAsync();
        var old = await AuditTimestampsAsync(s);
        Assert.NotEmpty(old);

        var mark = s.Process.OutputMark;
        s.Process.Time.Advance(TimeSpan.FromDays(91));
        await s.Process.WaitForOutputAsync("log pruning: deleted", mark);

        var left = await AuditTimestampsAsync(s);
        Assert.Empty(left.Intersect(old));
    }

    [Fact]
    public async Task ADevicesBootstrappingLog_KeepsItsNewest100Entries()
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Third();
        for (var i = 0; i < 105; i++)
        {
            using var r = await device.PostAsync(Rp, Json("{\"ietf-sztp-bootstrap-server:input\": {\"progress-type\": \"bootstrap-initiated\", \"message\": \"n" + i + "\"}}"));
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }

        var log = await s.BootstrappingLogAsync("third-serial-number");
        Assert.Equal(100, log.Count);
        Assert.Contains("\"n104\"", log[^1]!.ToJsonString());
        Assert.Contains("\"n5\"", log[0]!.ToJsonString());
    }

    private static async Task<List<string>> AuditTimestampsAsync(ConfiguredServer s)
    {
        var text = await s.Client.GetStringAsync(Operational + "/wn-sztpd-1:audit-log");
        await s.Process.LogsSettledAsync();
        return [.. JsonNode.Parse(text)!["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray().Select(e => (string)e!["timestamp"]!)];
    }
}
