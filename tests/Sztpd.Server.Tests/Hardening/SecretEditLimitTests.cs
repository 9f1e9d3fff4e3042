using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>
/// What a <c>$0$</c> secret in an edit may cost is bounded and checked before anything is hashed (issue 15: a 256 KB
/// activation code cost 55 s of CPU under the write lock); the refusal names the field, never the value.
/// </summary>
public sealed class SecretEditLimitTests
{
    [Fact]
    public async Task AnOverlongActivationCode_IsRefused_NamingTheFieldNotTheValue()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var code = "ZZ" + new string('q', 64 * 1024);
        using var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", Json(Device("long-code", "$0$" + code)));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("The \"activation-code\" is 65538 characters long; at most 256 are accepted.", (string?)error["error-message"]);
        Assert.DoesNotContain("ZZqq", error.ToJsonString());
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task MoreClearTextSecretsThanAreHashedPerEdit_AreRefused_AndNothingIsCreated()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var devices = new JsonArray([.. Enumerable.Range(0, 1001).Select(i => (JsonNode)Device($"sn-{i}", "$0$code")["wn-sztpd-1:device"]![0]!.DeepClone())]);
        using var r = await s.Client.SendAsync(Patch(Running + "/wn-sztpd-1:devices", new JsonObject { ["wn-sztpd-1:devices"] = new JsonObject { ["device"] = devices } }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("The edit holds more than 1000 \"$0$\" clear-text secrets; at most 1000 are hashed per edit (send \"$5$\" hashes, or split the edit).",
            (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task ManyMoreClearTextDevicesThanTheLimit_AreRefused_AndNoneIsStored()
    {
        await using var s = await ConfiguredServer.StartAsync(limits: new Sztpd.Core.Limits.InputLimits { MaxHashesPerEdit = 10 });
        var before = await s.RunningJsonAsync();
        var devices = new JsonArray([.. Enumerable.Range(0, 40).Select(i => (JsonNode)Device($"sn-{i}", "$0$code-" + i)["wn-sztpd-1:device"]![0]!.DeepClone())]);
        using var r = await s.Client.PutAsync(Running + "/wn-sztpd-1:devices", Json(new JsonObject { ["wn-sztpd-1:devices"] = new JsonObject { ["device"] = devices } }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("The edit holds more than 10 \"$0$\" clear-text secrets; at most 10 are hashed per edit (send \"$5$\" hashes, or split the edit).",
            (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task AHashAskingForMoreRoundsThanTheLimit_IsRefused()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var hash = "$5$rounds=999999999$saltsalt$" + new string('a', 43);
        using var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", Json(Device("slow-code", hash)));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("The \"activation-code\" hash asks for 999999999 rounds; at most 100000 are accepted.", (string?)(await ErrorAsync(r))["error-message"]);
    }

    [Fact]
    public async Task AHashAskingForMoreRoundsThanTheLimit_AmongManyDevices_IsRefused()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var devices = new JsonArray(
            new JsonObject { ["serial-number"] = "fine", ["device-type"] = "my-device-type", ["activation-code"] = "$0$the-code" },
            new JsonObject { ["serial-number"] = "slow", ["device-type"] = "my-device-type", ["activation-code"] = "$5$rounds=999999999$saltsalt$" + new string('a', 43) });
        using var r = await s.Client.SendAsync(Patch(Running + "/wn-sztpd-1:devices", new JsonObject { ["wn-sztpd-1:devices"] = new JsonObject { ["device"] = devices } }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("The \"activation-code\" hash asks for 999999999 rounds; at most 100000 are accepted.", (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task ClearTextSecrets_AreStoredHashed()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", Json(Device("hashed", "$0$the-code")));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var running = await s.RunningJsonAsync();
        Assert.DoesNotContain("the-code", running);
        Assert.Contains("\"activation-code\": \"$5$", running);
    }

    [Fact]
    public async Task ClearTextSecrets_OfDevicesPutTogether_AreStoredHashed_AndTheOthersUntouched()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var devices = new JsonArray(
            new JsonObject { ["serial-number"] = "with-code", ["device-type"] = "my-device-type", ["activation-code"] = "$0$the-first-code" },
            new JsonObject { ["serial-number"] = "without-code", ["device-type"] = "my-device-type" },
            new JsonObject { ["serial-number"] = "with-another", ["device-type"] = "my-device-type", ["activation-code"] = "$0$the-other-code" });
        using var r = await s.Client.PutAsync(Running + "/wn-sztpd-1:devices", Json(new JsonObject { ["wn-sztpd-1:devices"] = new JsonObject { ["device"] = devices } }));
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        var stored = JsonNode.Parse(await s.RunningJsonAsync())!["wn-sztpd-1:devices"]!["device"]!.AsArray().ToDictionary(d => (string)d!["serial-number"]!);
        Assert.Equal(["with-another", "with-code", "without-code"], stored.Keys.Order());
        Assert.StartsWith("$5$", (string?)stored["with-code"]!["activation-code"]);
        Assert.StartsWith("$5$", (string?)stored["with-another"]!["activation-code"]);
        Assert.NotEqual((string?)stored["with-code"]!["activation-code"], (string?)stored["with-another"]!["activation-code"]);
        Assert.Null(stored["without-code"]!["activation-code"]);
        Assert.DoesNotContain("the-first-code", await s.RunningJsonAsync());
        Assert.DoesNotContain("the-other-code", await s.RunningJsonAsync());
    }

    [Fact]
    public async Task TheMinimumPasswordLength_SetInTheSameEdit_Applies()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var config = Minimal(s.Process.Port);
        config["wn-sztpd-1:preferences"] = JsonNode.Parse("{\"sztpd-ext:authentication\": {\"minimum-password-length\": 20}}");
        using var r = await s.Client.PutAsync(Running, Json(config));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("Passwords must be at least 20 characters long.", (string?)(await ErrorAsync(r))["error-message"]);
    }

    private static JsonObject Device(string serial, string code) => new()
    {
        ["wn-sztpd-1:device"] = new JsonArray(new JsonObject { ["serial-number"] = serial, ["device-type"] = "my-device-type", ["activation-code"] = code }),
    };
}
