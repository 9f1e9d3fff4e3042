using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>
/// What an audit entry keeps of a request is bounded (issue 15: an unauthenticated request with an 8 KB path and a
/// 24 KB X-Forwarded-For stored 34.7 KB, also when answered 429).
/// </summary>
public sealed class AuditEntryLimitTests
{
    [Fact]
    public async Task AnUnauthenticatedRequestWithAHugePathAndProxyList_StoresABoundedEntry()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var stranger = new HttpClient { BaseAddress = s.Client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, Running + "/" + new string('p', 7 * 1024));
        request.Headers.Add("X-Forwarded-For", string.Join(", ", Enumerable.Range(0, 1500).Select(i => $"10.0.{i / 250}.{i % 250}")));
        using var r = await stranger.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);

        await s.Process.LogsSettledAsync();
        var entries = JsonNode.Parse(await s.Client.GetStringAsync(Operational + "/wn-sztpd-1:audit-log"))!["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray();
        var entry = entries.Single(e => ((string?)e!["path"])!.Contains("ppp", StringComparison.Ordinal))!;
        Assert.True(entry.ToJsonString().Length < 2 * 1024 + 9 * 64 + 256, $"an entry of {entry.ToJsonString().Length} characters");
        Assert.EndsWith($"... [truncated: {Running.Length + 1 + 7 * 1024} characters]", (string?)entry["path"]);
        var proxies = entry["source-proxies"]!.AsArray();
        Assert.Equal(9, proxies.Count);
        Assert.Equal("... [truncated: 1500 addresses]", (string?)proxies[8]);
    }
}
