using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// Refused devices are notified (event device-refused), but at most once per device an hour: the refusals held back
/// are counted into the next notice, so anyone who can cause refusals cannot flood the operators.
/// </summary>
public sealed class RefusalNoticeTests
{
    private static async Task RefuseAsync(OpiServer server, string user)
    {
        using var client = server.Device(null, user, "not-the-code");
        using var r = await client.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    private static async Task<JsonArray> NoticesAsync(OpiServer server)
    {
        await server.Process.LogsSettledAsync();
        return JsonNode.Parse(await server.Admin.GetStringAsync($"{Operational}/sztpd-ext:notification-log"))!["sztpd-ext:notification-log"]!["log-entry"]!.AsArray();
    }

    [Fact]
    public async Task ARefusedDevice_IsNotifiedOnceAnHour_WithTheRefusalsHeldBackCounted()
    {
        await using var server = await OpiServer.StartAsync();

        await RefuseAsync(server, "third-serial-number");
        await RefuseAsync(server, "third-serial-number");
        await RefuseAsync(server, "third-serial-number");
        var first = await NoticesAsync(server);
        server.Process.Time.Advance(TimeSpan.FromHours(1));
        await RefuseAsync(server, "third-serial-number");
        var later = await NoticesAsync(server);

        var notice = Assert.Single(first)!;
        Assert.Equal(("device-refused", "third-serial-number", "127.0.0.1"), ((string?)notice["event"], (string?)notice["serial-number"], (string?)notice["source-ip"]));
        Assert.Contains("third-serial-number", (string?)notice["message"], StringComparison.Ordinal);
        Assert.Equal(2, later.Count);
        Assert.EndsWith("(2 other refusals were not notified since the last notice.)", (string?)later[1]!["message"], StringComparison.Ordinal);
    }
}
