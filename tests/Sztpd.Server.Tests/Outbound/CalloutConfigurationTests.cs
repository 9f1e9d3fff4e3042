using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// Nothing about callouts is accepted and ignored: what cannot be done is refused with 501, a callout used for
/// another RPC than it implements or a client identity that cannot be presented with 400, and nothing changes.
/// </summary>
public sealed class CalloutConfigurationTests
{
    private static async Task AssertRefusedAsync(OpiServer s, HttpResponseMessage r, HttpStatusCode status, string message, string before)
    {
        Assert.True(status == r.StatusCode, await r.Content.ReadAsStringAsync() + string.Join("\n", s.Process.Logs.GetSnapshot().Select(l => l.Message + l.Exception)));
        Assert.Equal(message, (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.Admin.GetStringAsync(Running));
    }

    [Fact]
    public async Task APlugin_WithoutAPluginsFolder_IsRefused501_SayingSo()
    {
        await using var s = await OpiServer.StartAsync();
        var before = await s.Admin.GetStringAsync(Running);

        using var r = await s.Admin.PatchAsync(Running,
            Json("""{"wn-sztpd-1:preferences": {"system": {"plugins": {"plugin": [{"name": "my_plugin", "functions": {"function": [{"name": "compute"}]}}]}}}}"""));

        await AssertRefusedAsync(s, r, HttpStatusCode.NotImplemented,
            "The plugin \"my_plugin\" cannot be loaded: no plugins folder is set (SZTPD_PLUGINS_DIR).", before);
    }

    [Fact]
    public async Task ACalloutUsedForAnotherRpc_IsRefused400()
    {
        await using var s = await OpiServer.StartAsync((config, _) =>
            config["wn-sztpd-1:dynamic-callouts"] = new JsonObject { ["dynamic-callout"] = new JsonArray(CalloutSetup.Callout("relay", "report-progress", null, CalloutSetup.Http("h", 8080))) });
        var before = await s.Admin.GetStringAsync(Running);

        using var r = await s.Admin.PatchAsync($"{Running}/wn-sztpd-1:devices/device=third-serial-number",
            Json("""{"wn-sztpd-1:device": [{"serial-number": "third-serial-number", "response-manager": {"matched-response": [{"name": "catch-all-response", "response": {"conveyed-information": {"dynamic-callout": {"reference": "relay"}}}}]}}]}"""));

        await AssertRefusedAsync(s, r, HttpStatusCode.BadRequest,
            "The dynamic callout \"relay\" implements \"report-progress\", not \"get-bootstrapping-data\", so it cannot be used here.", before);
    }

    [Fact]
    public async Task AClientIdentityWithoutItsCertificate_IsRefused400()
    {
        await using var s = await OpiServer.StartAsync();
        var before = await s.Admin.GetStringAsync(Running);
        var webhook = CalloutSetup.Https("h", 8443);
        webhook["https"]!["tls-client-parameters"]!["sztpd-ext:client-identity"]!["certificate"] = "no-such-certificate";

        using var r = await s.Admin.PutAsync($"{Running}/wn-sztpd-1:dynamic-callouts", Json(new JsonObject
        {
            ["wn-sztpd-1:dynamic-callouts"] = new JsonObject { ["dynamic-callout"] = new JsonArray(CalloutSetup.Callout("c", "get-bootstrapping-data", null, webhook)) },
        }));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(before, await s.Admin.GetStringAsync(Running));
    }
}
