using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// Progress reports relayed to <c>relay-progress-report-callout</c> through the durable outbox, against real receivers:
/// SZTPD's HTTP contract, HTTPS with sztpd's client certificate, a receiver down then up, failing then answering, and
/// sztpd restarted in between; time moves on sztpd's fake clock only.
/// </summary>
public sealed class ProgressRelayTests
{
    private const string Serial = "third-serial-number";

    private static Action<JsonObject, OpiPki> Relay(CalloutSetup? setup, JsonObject webhook) => (config, _) =>
    {
        setup?.AddKeys(config);
        config["wn-sztpd-1:dynamic-callouts"] = new JsonObject { ["dynamic-callout"] = new JsonArray(CalloutSetup.Callout("relay", "report-progress", "ops-7", webhook)) };
        config["wn-sztpd-1:preferences"] = JsonNode.Parse("""{"outbound-interactions": {"relay-progress-report-callout": "relay"}}""");
    };

    private static async Task ReportAsync(OpiServer server, string type)
    {
        using var device = server.Third();
        using var r = await device.PostAsync(Rp, Json($$$"""{"ietf-sztp-bootstrap-server:input": {"progress-type": "{{{type}}}"}}"""));
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
    }

    private static string ProgressType(ReceivedRequest request) =>
        (string)JsonNode.Parse(request.Body)!["wn-sztpd-rpcs:input"]!["notification"]!["from-device"]!["ietf-sztp-bootstrap-server:input"]!["progress-type"]!;

    [Fact]
    public async Task AReport_ReachesAnHttpsReceiver_AsSztpdsRelayNotification_WithAnIdempotencyKey()
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        await using var receiver = await WebhookReceiver.StartAsync(204, null, setup.ServerTls(), setup.ClientTrust);
        await using var server = await OpiServer.StartAsync(Relay(setup, CalloutSetup.Https("collector", receiver.Port)));

        await ReportAsync(server, "bootstrap-initiated");
        await receiver.WaitForRequestsAsync(1);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(("POST", "/relay-notification"), (request.Method, request.Path));
        Assert.Equal(setup.Client.Certificate.RawData, request.ClientCertificate!.RawData);
        Assert.NotNull(request.IdempotencyKey);
        var notification = JsonNode.Parse(request.Body)!["wn-sztpd-rpcs:input"]!["notification"]!;
        Assert.Equal((Serial, "127.0.0.1", "ops-7"), ((string?)notification["serial-number"], (string?)notification["source-ip-address"], (string?)notification["opaque"]));
        Assert.Equal("bootstrap-initiated", ProgressType(request));
        var logged = (await server.BootstrappingLogAsync(Serial))[^1]!["event-details"]!["report-progress-event"]!["dynamic-callout"]!;
        Assert.Equal("""{"name":"relay","rpc-supported":"wn-sztpd-rpcs:report-progress","callout-type":"webhooks","sztpd-delivery":"queued"}""", logged.ToJsonString());
    }

    /// <summary>Reports accepted while the receiver is down reach it once it is up, in the order the device sent them.</summary>
    [Fact]
    public async Task ReportsWhileTheReceiverIsDown_ArriveInOrder_WhenItComesBack()
    {
        var port = SztpdProcess.FreePort();
        await using var server = await OpiServer.StartAsync(Relay(null, CalloutSetup.Http("collector", port)));
        var mark = server.Process.OutputMark;
        string[] types = ["bootstrap-initiated", "config-initiated", "bootstrap-complete"];
        foreach (var type in types)
        {
            await ReportAsync(server, type);
        }
        await server.Process.WaitForOutputAsync("not delivered on attempt 1", mark);

        await using var receiver = await WebhookReceiver.StartAsync(204, null, port: port);
        server.Process.Time.Advance(TimeSpan.FromSeconds(5));
        await receiver.WaitForRequestsAsync(3);

        Assert.Equal(types, receiver.Requests.Select(ProgressType));
        Assert.Equal(3, receiver.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    /// <summary>A report accepted (204) while the receiver is down survives sztpd stopping, and is delivered by the next sztpd on that database.</summary>
    [Fact]
    public async Task AReportPendingWhenSztpdStops_IsDeliveredAfterItRestarts()
    {
        using var dir = new TempDirectory();
        var url = $"sqlite:///{dir.Combine("sztpd.db")}";
        var port = SztpdProcess.FreePort();
        await using (var first = await OpiServer.StartAsync(Relay(null, CalloutSetup.Http("collector", port)), url))
        {
            var mark = first.Process.OutputMark;
            await ReportAsync(first, "bootstrap-complete");
            await first.Process.WaitForOutputAsync("not delivered on attempt 1", mark);
            Assert.Equal(0, await first.Process.StopAsync());
        }
        await using var receiver = await WebhookReceiver.StartAsync(204, null, port: port);

        await using var second = await InProcessSztpd.StartAsync(url);
        second.Time.Advance(TimeSpan.FromMinutes(1));
        await receiver.WaitForRequestsAsync(1);

        Assert.Equal("bootstrap-complete", ProgressType(Assert.Single(receiver.Requests)));
    }

    /// <summary>
    /// A receiver that never answers well: after 25 attempts (the backoff reaching 15 minutes) the message is given up,
    /// logged, and listed as dead in the operational outbox; the device's next report goes on being delivered.
    /// </summary>
    [Fact]
    public async Task AMessageThatAlwaysFails_IsGivenUpAfter25Attempts_AndListedAsDead()
    {
        var failing = true;
        await using var receiver = await WebhookReceiver.StartAsync(_ => Task.FromResult<(int, string?)>((failing ? 500 : 204, null)));
        await using var server = await OpiServer.StartAsync(Relay(null, CalloutSetup.Http("collector", receiver.Port)));
        var mark = server.Process.OutputMark;

        await ReportAsync(server, "bootstrap-error");
        for (var attempt = 1; attempt < 25; attempt++)
        {
            await server.Process.WaitForOutputAsync($"not delivered on attempt {attempt},", mark);
            mark = server.Process.OutputMark;
            server.Process.Time.Advance(TimeSpan.FromMinutes(15));
        }
        await server.Process.WaitForOutputAsync("given up after 25 attempts, kept as dead", mark);
        failing = false;
        mark = server.Process.OutputMark;
        await ReportAsync(server, "bootstrap-initiated");
        await server.Process.WaitForOutputAsync(") delivered on attempt 1", mark);

        Assert.Equal("bootstrap-initiated", ProgressType(receiver.Requests[^1]));
        var outbox = JsonNode.Parse(await server.Admin.GetStringAsync($"{Operational}/sztpd-ext:outbox"))!["sztpd-ext:outbox"]!;
        Assert.Equal("0", (string?)outbox["pending"]);
        var dead = Assert.Single(outbox["dead-message"]!.AsArray())!;
        Assert.Equal(("relay-progress", "relay", Serial, 25, "no webhook of the dynamic callout \"relay\" answered (collector: 500 without ietf-restconf:errors)."),
            ((string?)dead["kind"], (string?)dead["target"], (string?)dead["scope"], (int)dead["attempts"]!, (string?)dead["last-error"]));
        Assert.Equal("bootstrap-error", (string?)JsonNode.Parse((string)dead["message"]!)!["from-device"]!["ietf-sztp-bootstrap-server:input"]!["progress-type"]);

        // The operator retries it once the receiver is fixed: it is delivered, with the key it had.
        mark = server.Process.OutputMark;
        using var retry = await server.Admin.PostAsync("/restconf/operations/sztpd-ext:retry-dead-messages",
            Json($$$"""{"sztpd-ext:input": {"id": ["{{{(string?)dead["id"]}}}"]} }"""));
        await server.Process.WaitForOutputAsync(") delivered on attempt 1", mark);
        Assert.Equal("""{"sztpd-ext:output":{"count":"1"}}""", JsonNode.Parse(await retry.Content.ReadAsStringAsync())!.ToJsonString());
        Assert.Equal("bootstrap-error", ProgressType(receiver.Requests[^1]));
        Assert.Equal(receiver.Requests[0].IdempotencyKey, receiver.Requests[^1].IdempotencyKey);
        var after = JsonNode.Parse(await server.Admin.GetStringAsync($"{Operational}/sztpd-ext:outbox"))!["sztpd-ext:outbox"]!;
        Assert.Empty(after["dead-message"]!.AsArray());
    }

    /// <summary>
    /// A message whose callout was deconfigured is given up; the operator discards it. The RPCs are listed, refused to
    /// read-only admins, and their input is checked, naming the field.
    /// </summary>
    [Fact]
    public async Task DeadMessages_CanBeDiscarded_ByTheRpc_WhoseInputIsChecked()
    {
        var closed = SztpdProcess.FreePort();
        await using var server = await OpiServer.StartAsync((config, pki) =>
        {
            Relay(null, CalloutSetup.Http("collector", closed))(config, pki);
            config["wn-sztpd-1:admin-accounts"]!["admin-account"]!.AsArray().Add(JsonNode.Parse("""{"email-address": "viewer@example.com", "password": "$0$viewer-secret", "access": "read-only"}"""));
        });
        var mark = server.Process.OutputMark;
        await ReportAsync(server, "bootstrap-error");
        await server.Process.WaitForOutputAsync("not delivered on attempt 1", mark);
        foreach (var path in new[] { "wn-sztpd-1:preferences/outbound-interactions", "wn-sztpd-1:dynamic-callouts" })
        {
            using var unset = await server.Admin.DeleteAsync($"{Running}/{path}");
            Assert.Equal(HttpStatusCode.NoContent, unset.StatusCode);
        }
        mark = server.Process.OutputMark;
        server.Process.Time.Advance(TimeSpan.FromSeconds(5));
        await server.Process.WaitForOutputAsync("kept as dead", mark);
        using var viewer = new HttpClient { BaseAddress = server.Admin.BaseAddress };
        viewer.DefaultRequestHeaders.Authorization = BasicAuthentication.Header("viewer@example.com", "viewer-secret");

        var listed = JsonNode.Parse(await server.Admin.GetStringAsync("/restconf/operations"))!.ToJsonString();
        using var refused = await viewer.PostAsync("/restconf/operations/sztpd-ext:discard-dead-messages", Json("""{"sztpd-ext:input": {"all": [null]}}"""));
        using var malformed = await server.Admin.PostAsync("/restconf/operations/sztpd-ext:discard-dead-messages", Json("""{"sztpd-ext:input": {"id": ["x1"]}}"""));
        using var both = await server.Admin.PostAsync("/restconf/operations/sztpd-ext:discard-dead-messages", Json("""{"sztpd-ext:input": {"id": ["1"], "all": [null]}}"""));
        using var unknown = await server.Admin.PostAsync("/restconf/operations/sztpd-ext:no-such-rpc", Json("""{"sztpd-ext:input": {"all": [null]}}"""));
        using var discard = await server.Admin.PostAsync("/restconf/operations/sztpd-ext:discard-dead-messages", Json("""{"sztpd-ext:input": {"all": [null]}}"""));

        Assert.Equal("""{"ietf-restconf:operations":{"sztpd-ext:retry-dead-messages":[null],"sztpd-ext:discard-dead-messages":[null],"sztpd-ext:revoke-certificate":[null],"sztpd-ext:export-certificate":[null],"sztpd-ext:renew-certificate":[null]}}""", listed);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var error = await ErrorAsync(malformed);
        Assert.Equal(("\"x1\" is not a message id.", "/sztpd-ext:input/id"), ((string?)error["error-message"], (string?)error["error-path"]));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("""{"sztpd-ext:output":{"count":"1"}}""", JsonNode.Parse(await discard.Content.ReadAsStringAsync())!.ToJsonString());
        var outbox = JsonNode.Parse(await server.Admin.GetStringAsync($"{Operational}/sztpd-ext:outbox"))!["sztpd-ext:outbox"]!;
        Assert.Equal("0", (string?)outbox["pending"]);
        Assert.Empty(outbox["dead-message"]!.AsArray());
    }

    /// <summary>A receiver that fails gets the same message again (same idempotency key) after the backoff, until it answers.</summary>
    [Fact]
    public async Task AFailingReceiver_GetsTheSameMessageAgain_AfterTheBackoff()
    {
        var answers = new Queue<int>([500, 503, 204]);
        await using var receiver = await WebhookReceiver.StartAsync(_ => Task.FromResult<(int, string?)>((answers.Dequeue(), null)));
        await using var server = await OpiServer.StartAsync(Relay(null, CalloutSetup.Http("collector", receiver.Port)));
        var mark = server.Process.OutputMark;

        await ReportAsync(server, "bootstrap-initiated");
        await server.Process.WaitForOutputAsync("not delivered on attempt 1", mark);
        mark = server.Process.OutputMark;
        server.Process.Time.Advance(TimeSpan.FromSeconds(5));
        await server.Process.WaitForOutputAsync("not delivered on attempt 2", mark);
        mark = server.Process.OutputMark;
        server.Process.Time.Advance(TimeSpan.FromSeconds(10));
        await server.Process.WaitForOutputAsync(") delivered on attempt 3", mark);

        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.IdempotencyKey).Distinct());
    }
}
