using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// The notification log (operational <c>sztpd-ext:notification-log</c>): a device's bootstrap-complete and bootstrap-error
/// are recorded, and relayed to <c>relay-notification-log-record-callout</c> through the outbox (SZTPD Gen-2's shape).
/// </summary>
public sealed class NotificationTests
{
    private const string Serial = "third-serial-number";

    private static Task<OpiServer> StartAsync(int port, string rpc = "sztpd-ext:relay-notification-log-record") => OpiServer.StartAsync((config, _) =>
    {
        var callout = CalloutSetup.Callout("notify", "x", null, CalloutSetup.Http("operations", port));
        callout["rpc-supported"] = rpc;
        config["wn-sztpd-1:dynamic-callouts"] = new JsonObject { ["dynamic-callout"] = new JsonArray(callout) };
        config["wn-sztpd-1:preferences"] = JsonNode.Parse("""{"outbound-interactions": {"sztpd-ext:relay-notification-log-record-callout": "notify"}}""");
    });

    private static async Task ReportAsync(OpiServer server, string input)
    {
        using var device = server.Third();
        using var r = await device.PostAsync(Rp, Json($$"""{"ietf-sztp-bootstrap-server:input": {{input}}}"""));
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
    }

    [Fact]
    public async Task BootstrapCompleteAndError_AreNotified_AndRelayed_OtherReportsAreNot()
    {
        await using var receiver = await WebhookReceiver.StartAsync(204, null);
        await using var server = await StartAsync(receiver.Port);
        var mark = server.Process.OutputMark;

        await ReportAsync(server, """{"progress-type": "bootstrap-initiated"}""");
        await ReportAsync(server, """{"progress-type": "bootstrap-error", "message": "no space left on flash"}""");
        await ReportAsync(server, """{"progress-type": "bootstrap-complete"}""");
        await server.Process.WaitForOutputAsync("(relay-notification for third-serial-number) delivered", mark);
        await receiver.WaitForRequestsAsync(2);

        var log = JsonNode.Parse(await server.Admin.GetStringAsync($"{Operational}/sztpd-ext:notification-log"))!["sztpd-ext:notification-log"]!["log-entry"]!.AsArray();
        Assert.Equal(["bootstrap-error", "bootstrap-complete"], log.Select(e => (string?)e!["event"]));
        Assert.Equal((Serial, "127.0.0.1", "no space left on flash"), ((string?)log[0]!["serial-number"], (string?)log[0]!["source-ip"], (string?)log[0]!["message"]));
        Assert.All(receiver.Requests, r => Assert.Equal("/relay-notification-log-record", r.Path));
        var relayed = receiver.Requests.Select(r => JsonNode.Parse(r.Body)!["wn-sztpd-rpcs:input"]!["notification-log-record"]!).ToList();
        Assert.Equal(log.Select(e => e!.ToJsonString()), relayed.Select(r => r.ToJsonString()));
    }

    [Fact]
    public async Task ACalloutForAnotherRpc_CannotReceiveNotifications()
    {
        await using var server = await OpiServer.StartAsync();
        var before = await server.Admin.GetStringAsync(Running);

        using var r = await server.Admin.PatchAsync(Running, Json("""
            {"wn-sztpd-1:dynamic-callouts": {"dynamic-callout": [{"name": "relay", "rpc-supported": "wn-sztpd-rpcs:report-progress",
               "webhooks": {"webhook": [{"name": "h", "http": {"tcp-client-parameters": {"remote-address": "127.0.0.1"}}}]}}]},
             "wn-sztpd-1:preferences": {"outbound-interactions": {"sztpd-ext:relay-notification-log-record-callout": "relay"}}}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("The dynamic callout \"relay\" implements \"report-progress\", not \"relay-notification-log-record\", so it cannot be used here.",
            (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await server.Admin.GetStringAsync(Running));
    }
}
