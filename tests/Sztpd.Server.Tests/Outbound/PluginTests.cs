using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// Plugins (docs/integration.md): an SZTPD-style Python plugin module (tests/data/plugins/sztpd_style.py) run through
/// examples/sztpd-plugin-shim.py as the executable of SZTPD_PLUGINS_DIR, for responses, ownership and progress relay;
/// refused at edit time when it cannot be loaded; reloaded when its file changes.
/// </summary>
public sealed class PluginTests : IDisposable
{
    private const string Serial = "third-serial-number";
    private readonly TempDirectory _plugins = new("sztpd-plugins");

    public PluginTests() => Install("sztpd_style", TestData.Path("plugins/sztpd_style.py"));

    /// <summary>Makes <paramref name="module"/> the plugin <paramref name="name"/>: an executable that runs it through the shim.</summary>
    private void Install(string name, string module)
    {
        var shim = Path.Combine(TestData.RepositoryRoot, "examples", "sztpd-plugin-shim.py");
        var path = _plugins.WriteText(name, $"#!/bin/sh\nexec python3 \"{shim}\" \"{module}\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static JsonObject Plugin(string name, params string[] functions) => new()
    {
        ["name"] = name,
        ["functions"] = new JsonObject { ["function"] = new JsonArray([.. functions.Select(f => (JsonNode)new JsonObject { ["name"] = f })]) },
    };

    private static JsonObject Callback(string name, string rpc, string function) => new()
    {
        ["name"] = name,
        ["rpc-supported"] = "wn-sztpd-rpcs:" + rpc,
        ["opaque"] = "site-9",
        ["callback"] = new JsonObject { ["plugin"] = "sztpd_style", ["function"] = function },
    };

    /// <summary>The opi server with the plugin, and device "third" answered by callout "compute" calling <paramref name="function"/>.</summary>
    private Task<OpiServer> StartAsync(string function = "compute") => OpiServer.StartAsync((config, _) =>
    {
        config["wn-sztpd-1:preferences"] = new JsonObject
        {
            ["system"] = new JsonObject { ["plugins"] = new JsonObject { ["plugin"] = new JsonArray(Plugin("sztpd_style", "compute", "refuse", "crash", "owners", "relay")) } },
            ["outbound-interactions"] = new JsonObject { ["relay-progress-report-callout"] = "relay" },
        };
        config["wn-sztpd-1:dynamic-callouts"] = new JsonObject
        {
            ["dynamic-callout"] = new JsonArray(
                Callback("compute", "get-bootstrapping-data", function),
                Callback("owners", "verify-device-ownership", "owners"),
                Callback("relay", "report-progress", "relay")),
        };
        config["wn-sztpd-1:device-types"]!["device-type"]![0]!["ownership-authorization"] = JsonNode.Parse("""{"dynamic-callout": {"reference": "owners"}}""");
        config["wn-sztpd-1:devices"]!["device"]!.AsArray().Single(d => (string?)d!["serial-number"] == Serial)!["response-manager"]!["matched-response"]![0]!["response"] =
            JsonNode.Parse("""{"conveyed-information": {"dynamic-callout": {"reference": "compute"}}}""");
    }, pluginsDirectory: _plugins.Path);

    private static async Task<HttpResponseMessage> BootstrapAsync(OpiServer server)
    {
        using var device = server.Third();
        return await device.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {}}"""));
    }

    private static string Configuration(string body) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
        (string)JsonNode.Parse(DecodeConveyed(body).Payload)!["ietf-sztp-conveyed-info:onboarding-information"]!["configuration"]!));

    [Fact]
    public async Task APluginFunction_ComputesTheResponse_WithInputAndOpaque_AndTheLogSaysWhichFunction()
    {
        await using var server = await StartAsync();

        using var r = await BootstrapAsync(server);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("<config><hostname>third-serial-number</hostname><site>site-9</site></config>\n", Configuration(await r.Content.ReadAsStringAsync()));
        var logged = (await server.BootstrappingLogAsync(Serial))[^1]!["event-details"]!["get-bootstrapping-data-event"]!["response-details"]!["dynamic-callout"]!;
        Assert.Equal("""{"name":"compute","rpc-supported":"wn-sztpd-rpcs:get-bootstrapping-data","callout-type":"callback","callback-details":{"plugin":"sztpd_style","function":"compute"},"callback-results":{"result":"answered"}}""",
            logged.ToJsonString());
    }

    [Theory]
    [InlineData("refuse", HttpStatusCode.Forbidden, "Not today.")]
    [InlineData("crash", HttpStatusCode.InternalServerError, "Server encountered an error while trying to generate a response: the plugin \"sztpd_style\" raised: ValueError: boom")]
    public async Task APluginsErrorOrException_IsWhatTheDeviceGets(string function, HttpStatusCode status, string message)
    {
        await using var server = await StartAsync(function);

        using var r = await BootstrapAsync(server);

        Assert.Equal(status, r.StatusCode);
        Assert.Equal(message, (string?)(await ErrorAsync(r))["error-message"]);
    }

    [Fact]
    public async Task APluginVerifiesOwnership_AndGetsRelayedReports()
    {
        await using var server = await StartAsync();
        var mark = server.Process.OutputMark;

        using var refused = await server.Admin.PostAsync($"{Running}/wn-sztpd-1:devices", Json("""{"wn-sztpd-1:device": [{"serial-number": "stolen-2", "device-type": "my-device-type"}]}"""));
        using var device = server.Third();
        using var reported = await device.PostAsync(Rp, Json("""{"ietf-sztp-bootstrap-server:input": {"progress-type": "bootstrap-complete"}}"""));
        await server.Process.WaitForOutputAsync(") delivered on attempt 1", mark);

        Assert.Equal("Unable to verify ownership for device: stolen-2", (string?)(await ErrorAsync(refused))["error-message"]);
        Assert.Equal(HttpStatusCode.NoContent, reported.StatusCode);
        var relayed = JsonNode.Parse(Assert.Single(File.ReadAllLines(_plugins.Combine("relayed.jsonl"))))!;
        Assert.Equal("bootstrap-complete", (string?)relayed["from-device"]!["ietf-sztp-bootstrap-server:input"]!["progress-type"]);
        Assert.Null(relayed["opaque"]);
    }

    [Fact]
    public async Task APluginThatCannotBeLoaded_OrLacksAFunction_IsRefused501_AndNothingChanges()
    {
        await using var server = await StartAsync();
        var before = await server.Admin.GetStringAsync(Running);

        using var missing = await server.Admin.PostAsync($"{Running}/wn-sztpd-1:preferences/system/plugins", Json(new JsonObject { ["wn-sztpd-1:plugin"] = new JsonArray(Plugin("not_installed")) }));
        using var lacking = await server.Admin.PutAsync($"{Running}/wn-sztpd-1:preferences/system/plugins/plugin=sztpd_style",
            Json(new JsonObject { ["wn-sztpd-1:plugin"] = new JsonArray(Plugin("sztpd_style", "compute", "no_such_function")) }));

        Assert.Equal(HttpStatusCode.NotImplemented, missing.StatusCode);
        Assert.Equal($"The plugin \"not_installed\" cannot be loaded: there is no executable file \"not_installed\" in the plugins folder {_plugins.Path}.",
            (string?)(await ErrorAsync(missing))["error-message"]);
        Assert.Equal(HttpStatusCode.NotImplemented, lacking.StatusCode);
        Assert.Equal("The plugin \"sztpd_style\" has no function \"no_such_function\" (it has compute, crash, owners, refuse, relay).",
            (string?)(await ErrorAsync(lacking))["error-message"]);
        Assert.Equal(before, await server.Admin.GetStringAsync(Running));
    }

    /// <summary>A plugin whose file changes is restarted for the next call, as SZTPD re-imports a changed plugin.</summary>
    [Fact]
    public async Task AChangedPlugin_IsReloaded()
    {
        await using var server = await StartAsync();
        using (var first = await BootstrapAsync(server))
        {
            Assert.Contains("<site>site-9</site>", Configuration(await first.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        var changed = _plugins.WriteText("changed.py", File.ReadAllText(TestData.Path("plugins/sztpd_style.py")).Replace("<site>{opaque}</site>", "<site>changed</site>", StringComparison.Ordinal));
        Install("sztpd_style", changed);
        File.SetLastWriteTimeUtc(_plugins.Combine("sztpd_style"), DateTime.UtcNow.AddMinutes(1));

        using var second = await BootstrapAsync(server);

        Assert.Contains("<site>changed</site>", Configuration(await second.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    public void Dispose() => _plugins.Dispose();
}
