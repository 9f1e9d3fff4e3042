using System.Net;

namespace Sztpd.Server.Tests.Observability;

/// <summary>
/// What an orchestrator's probes see: <c>/healthz</c> (alive) and <c>/readyz</c> (database reachable, listeners bound)
/// on every listener, without credentials, and without an audit entry or a log line per probe.
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Probes_AnswerOnEveryListener_WithoutCredentials_AndLeaveNoAuditEntryNorLogLine()
    {
        await using var s = await ProbedServer.StartAsync();
        var mark = s.Server.OutputMark;

        foreach (var client in new[] { s.Native, s.Device })
        {
            using var alive = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            Assert.Equal("alive\n", await alive.Content.ReadAsStringAsync());
            Assert.Equal("text/plain", alive.Content.Headers.ContentType?.MediaType);
            using var ready = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("ready\n", await ready.Content.ReadAsStringAsync());
        }

        var audited = await s.AuditedPathsAsync();
        Assert.DoesNotContain("/healthz", audited);
        Assert.DoesNotContain("/readyz", audited);
        Assert.DoesNotContain(s.Server.Logs.GetSnapshot().Skip(mark), l => l.Message.Contains("/healthz", StringComparison.Ordinal) || l.Message.Contains("/readyz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_DatabaseUnreachable_Is503WithTheReason_WhileHealthzStaysAlive_ThenReadyAgain()
    {
        await using var s = await ProbedServer.StartAsync();

        s.Store.FailReads = true;
        using var down = await s.Native.GetAsync("/readyz");
        using var alive = await s.Native.GetAsync("/healthz");
        s.Store.FailReads = false;
        using var up = await s.Device.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("not ready: the database cannot be reached\n", await down.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task Readyz_DatabaseHangs_Is503OnceTheTimeoutPasses()
    {
        await using var s = await ProbedServer.StartAsync();
        s.Store.HangReads = true;

        var probe = s.Native.GetAsync("/readyz");
        await s.Store.ReadHung;
        s.Server.Time.Advance(TimeSpan.FromSeconds(2));
        using var r = await probe;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Equal("not ready: the database did not answer within 2 s\n", await r.Content.ReadAsStringAsync());
    }
}
