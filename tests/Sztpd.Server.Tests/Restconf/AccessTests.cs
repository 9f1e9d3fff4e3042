using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>Authentication, access levels and the audit log (installation guide 2.4.1).</summary>
public sealed class AccessTests
{
    [Fact]
    public async Task FreshInstall_NeedsNoAuth_ThenBasicIsRequired()
    {
        await using var p = await InProcessSztpd.StartAsync();
        using var fresh = await p.Client.GetAsync(Running);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Contains("default startup endpoint", await fresh.Content.ReadAsStringAsync());
        using var put = await p.Client.PutAsync(Running, Json(Minimal(p.Port)));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        using var anonymous = await p.Client.GetAsync(Running);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("access-denied", (string?)(await ErrorAsync(anonymous))["error-tag"]);
        p.UseBasic(Admin, "wrong");
        using var wrong = await p.Client.GetAsync(Running);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        p.UseBasic(Admin, Password);
        using var ok = await p.Client.GetAsync(Running);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var password = (string?)(await ReadJsonAsync(ok))["wn-sztpd-1:admin-accounts"]!["admin-account"]![0]!["password"];
        Assert.StartsWith("$5$rounds=5000$", password);
    }

    [Fact]
    public async Task ReadOnly_CanRead_CannotWrite_NorSeeAdmins()
    {
        await using var s = await ConfiguredServer.StartAsync();
        s.Process.UseBasic("reader@example.com", "reader-secret");
        using var get = await s.Client.GetAsync(Running);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain("admin-accounts", await get.Content.ReadAsStringAsync());
        using var admins = await s.Client.GetAsync(Running + "/wn-sztpd-1:admin-accounts");
        Assert.Equal(HttpStatusCode.Forbidden, admins.StatusCode);
        using var post = await s.Client.PostAsync(Running + "/wn-sztpd-1:device-types", Json(new JsonObject { ["wn-sztpd-1:device-type"] = new JsonArray(new JsonObject { ["name"] = "t" }) }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("access-denied", (string?)(await ErrorAsync(post))["error-tag"]);
    }

    [Fact]
    public async Task ReadWrite_CanEditDevices_NotAdminsOrTransport()
    {
        await using var s = await ConfiguredServer.StartAsync();
        s.Process.UseBasic("writer@example.com", "writer-secret");
        using var post = await s.Client.PostAsync(Running + "/wn-sztpd-1:device-types", Json(new JsonObject { ["wn-sztpd-1:device-type"] = new JsonArray(new JsonObject { ["name"] = "t" }) }));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        using var admin = await s.Client.DeleteAsync(Running + "/wn-sztpd-1:admin-accounts/admin-account=reader@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        using var transport = await s.Client.DeleteAsync(Running + "/wn-sztpd-1:transport");
        Assert.Equal(HttpStatusCode.Forbidden, transport.StatusCode);
    }

    [Fact]
    public async Task EveryRequest_IsAudited_IncludingReadsAndFailures()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using (await s.Client.GetAsync(Running + "/wn-sztpd-1:devices")) { }
        s.Process.UseBasic("nobody@example.com", "x");
        using (await s.Client.GetAsync(Running)) { }
        s.Process.UseBasic(Admin, Password);
        using var log = await s.Client.GetAsync(Operational + "/wn-sztpd-1:audit-log");
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        var entries = (await ReadJsonAsync(log))["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Contains(entries, e => (string?)e["method"] == "GET" && (string?)e["path"] == Running + "/wn-sztpd-1:devices" && (string?)e["outcome"] == "success");
        Assert.Contains(entries, e => (string?)e["outcome"] == "failure" && ((string?)e["comment"])!.Contains("Unknown admin: nobody@example.com", StringComparison.Ordinal));
        Assert.Contains(entries, e => (string?)e["method"] == "PUT" && ((string?)e["comment"])!.Contains("fresh install", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", (string?)e["source-ip"]));
        Assert.DoesNotContain(Password, await log.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RepeatedFailedLogins_AreRateLimited()
    {
        await using var s = await ConfiguredServer.StartAsync();
        s.Process.UseBasic(Admin, "wrong");
        for (var i = 0; i < 10; i++)
        {
            using var r = await s.Client.GetAsync(Running);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        s.Process.UseBasic(Admin, Password);
        using var limited = await s.Client.GetAsync(Running);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task HostMeta_AndRoot_AreServed()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var meta = await s.Client.GetAsync("/.well-known/host-meta");
        Assert.Equal("application/xrd+xml", meta.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Link rel=\"restconf\" href=\"/restconf\"/>", await meta.Content.ReadAsStringAsync());
        using var root = await s.Client.GetAsync("/restconf");
        Assert.Equal("2019-01-04", (string?)(await ReadJsonAsync(root))["ietf-restconf:restconf"]!["yang-library-version"]);
        using var data = await s.Client.GetAsync("/restconf/data/wn-sztpd-1:device-types");
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
    }
}
