using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Storage;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>
/// What an operator sees when something breaks underneath a request (here: the database connection): the client gets a
/// 500 with an <c>ietf-restconf:errors</c> body, the log has the exception, the audit log has the request.
/// </summary>
public sealed class UnexpectedFailureTests
{
    private static async Task<(InProcessSztpd Server, FailingDataStore Store)> StartAsync(int? sbiPort = null)
    {
        var store = new FailingDataStore(await DataStoreFactory.OpenAsync(DatabaseUrl.Parse("sqlite:///:memory:"), null, CancellationToken.None));
        var server = await InProcessSztpd.StartAsync(store: store);
        var config = Minimal(server.Port);
        if (sbiPort is { } sbi)
        {
            config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("sbi", sbi));
        }
        var mark = server.OutputMark;
        using var put = await server.Client.PutAsync(Running, Json(config));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        await server.WaitForOutputAsync(sbiPort is null ? "listeners updated" : "listeners restarted", mark);
        server.UseBasic(Admin, Password);
        return (server, store);
    }

    [Fact]
    public async Task DatabaseReadFails_Is500OperationFailed_LoggedWithTheException_AndAudited()
    {
        var (server, store) = await StartAsync();
        await using var _ = server;
        store.FailReads = true;

        using var r = await server.Client.GetAsync(Running + "/wn-sztpd-1:devices/device=first-serial-number");

        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("operation-failed", (string?)error["error-tag"]);
        Assert.Contains("the server log has the details", (string?)error["error-message"], StringComparison.Ordinal);
        Assert.DoesNotContain("connection", (string?)error["error-message"], StringComparison.Ordinal);
        var logged = Assert.Single(server.Logs.GetSnapshot(), l => l.Level == LogLevel.Error);
        Assert.IsType<DataStoreException>(logged.Exception);
        Assert.Contains("GET /restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device=first-serial-number", logged.Message, StringComparison.Ordinal);
        store.FailReads = false;
        var audit = JsonNode.Parse(await server.Client.GetStringAsync(Operational + "/wn-sztpd-1:audit-log"))!["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray();
        var entry = Assert.Single(audit, e => (string?)e!["path"] == "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices/device=first-serial-number");
        Assert.Equal("failure", (string?)entry!["outcome"]);
        Assert.Equal((string?)error["error-message"], (string?)entry["comment"]);
    }

    [Fact]
    public async Task DatabaseGone_AuditEntryCannotBeWritten_IsLoggedToo()
    {
        var (server, store) = await StartAsync();
        await using var _ = server;
        store.FailReads = store.FailWrites = true;

        using var r = await server.Client.GetAsync(Running + "/wn-sztpd-1:devices/device=first-serial-number");

        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal("operation-failed", (string?)(await ErrorAsync(r))["error-tag"]);
        var errors = server.Logs.GetSnapshot().Where(l => l.Level == LogLevel.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains("could not be written", errors[1].Message, StringComparison.Ordinal);
        Assert.IsType<DataStoreException>(errors[1].Exception);
    }

    [Fact]
    public async Task WrongPassword_IsLoggedAsRefused_WithoutThePassword()
    {
        var (server, _) = await StartAsync();
        await using var s = server;
        server.UseBasic(Admin, "not-the-password");

        using var r = await server.Client.GetAsync(Running);

        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var refused = Assert.Single(server.Logs.GetSnapshot(), l => l.Level == LogLevel.Warning);
        Assert.StartsWith("GET /restconf/ds/ietf-datastores:running from 127.0.0.1: 401 ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(5, refused.Id.Id);
        Assert.DoesNotContain(server.Logs.GetSnapshot(), l => l.Message.Contains("not-the-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeviceRequestCannotBeLogged_IsAnswered500_NeverWithItsAnswer_AndLoggedAsAnError()
    {
        var sbi = SztpdProcess.FreePort();
        var (server, store) = await StartAsync(sbi);
        await using var _ = server;
        using var device = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sbi}") };
        device.DefaultRequestHeaders.Authorization = BasicAuthentication.Header("first-serial-number", "my-secret");
        store.FailWrites = true;

        // The answer (404: no responses configured) would leave only once its log entry is committed: that fails, so
        // the device gets a 500 instead, never an answer its bootstrapping log does not record.
        using var r = await device.PostAsync(Gbd, Json("{\"ietf-sztp-bootstrap-server:input\": {}}"));

        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal("operation-failed", (string?)(await ErrorAsync(r))["error-tag"]);
        await server.WaitForOutputAsync("could not be written");
        var errors = server.Logs.GetSnapshot().Where(l => l.Level == LogLevel.Error).ToList();
        Assert.Equal([6, 7], errors.Select(e => e.Id.Id));
        Assert.Contains("POST /restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data from 127.0.0.1 failed unexpectedly", errors[0].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.IsType<DataStoreException>(e.Exception));
    }
}
