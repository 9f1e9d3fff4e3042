using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>POST, PUT, PATCH and DELETE on data resources (RFC 8040 sections 4.4-4.7) with SZTPD's status codes.</summary>
public sealed class EditTests
{
    private const string Devices = Running + "/wn-sztpd-1:devices";

    private static JsonObject Device(string serial, string type = "my-device-type") =>
        new() { ["wn-sztpd-1:device"] = new JsonArray(new JsonObject { ["serial-number"] = serial, ["device-type"] = type }) };

    [Fact]
    public async Task PostDevice_Created_ThenDuplicateConflicts()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var created = await s.Client.PostAsync(Devices, Json(Device("second")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var again = await s.Client.PostAsync(Devices, Json(Device("second")));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("data-exists", (string?)(await ErrorAsync(again))["error-tag"]);
        using var get = await s.Client.GetAsync(Devices + "/device=second");
        var body = await ReadJsonAsync(get);
        Assert.Equal("my-device-type", (string?)body["wn-sztpd-1:device"]![0]!["device-type"]);
    }

    [Fact]
    public async Task PutEntry_CreatesThenReplaces()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var first = await s.Client.PutAsync(Devices + "/device=third", Json(Device("third")));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await s.Client.PutAsync(Devices + "/device=third", Json(Device("third")));
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        using var mismatch = await s.Client.PutAsync(Devices + "/device=third", Json(Device("fourth")));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
    }

    [Fact]
    public async Task DeleteDevice_NoContent_ThenNotFound()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var deleted = await s.Client.DeleteAsync(Devices + "/device=first-serial-number");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var again = await s.Client.DeleteAsync(Devices + "/device=first-serial-number");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var get = await s.Client.GetAsync(Devices + "/device=first-serial-number");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task PatchDevice_MergesAndHashesActivationCode()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var patch = new JsonObject { ["wn-sztpd-1:device"] = new JsonArray(new JsonObject { ["serial-number"] = "first-serial-number", ["activation-code"] = "$0$new-code" }) };
        using var r = await s.Client.SendAsync(Patch(Devices + "/device=first-serial-number", patch));
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        var device = (await ReadJsonAsync(await s.Client.GetAsync(Devices + "/device=first-serial-number")))["wn-sztpd-1:device"]![0]!;
        Assert.Equal("my-device-type", (string?)device["device-type"]);
        Assert.True(Pki.Passwords.CryptHash.Verify("new-code", (string)device["activation-code"]!));
        Assert.StartsWith("$5$rounds=", (string)device["activation-code"]!);
    }

    /// <summary>
    /// A PATCH naming an existing list entry by its key merges into that entry (RFC 8040 section 4.6.1), leaving its
    /// siblings; a node of another case of a choice replaces the old case's nodes (RFC 7950 section 7.9).
    /// </summary>
    [Fact]
    public async Task PatchDevice_MergesIntoAnExistingListEntryByKey()
    {
        await using var s = await OpiServer.StartAsync();
        var patch = JsonNode.Parse("""
            {"wn-sztpd-1:device": [{"serial-number": "first-serial-number", "response-manager": {"matched-response": [
              {"name": "catch-all-response", "response": {"none": [null]}}]}}]}
            """)!;

        using var r = await s.Admin.SendAsync(Patch(Devices + "/device=first-serial-number", patch));

        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        var device = (await ReadJsonAsync(await s.Admin.GetAsync(Devices + "/device=first-serial-number")))["wn-sztpd-1:device"]![0]!;
        var response = Assert.Single(device["response-manager"]!["matched-response"]!.AsArray())!;
        Assert.Equal("catch-all-response", (string?)response["name"]);
        Assert.NotNull(response["response"]!["none"]);
        Assert.Equal("my-device-type", (string?)device["device-type"]);
    }

    [Fact]
    public async Task PatchOfTheWholeDatastore_MergesListEntriesByKey_AndReplacesEmptyLeaves()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var types = Running + "/wn-sztpd-1:device-types";
        var patch = JsonNode.Parse("""
            {"wn-sztpd-1:device-types": {"device-type": [{"name": "my-device-type", "sztpd-ext:response-manager": {"matched-response": [
              {"name": "quiet", "match-criteria": {"match": [{"key": "hw-model", "present": [null], "not": [null]}]}, "response": {"none": [null]}}]}}]}}
            """)!;
        for (var i = 0; i < 2; i++)
        {
            using var r = await s.Client.SendAsync(Patch(Running, patch));
            Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        }
        var type = (await ReadJsonAsync(await s.Client.GetAsync(types)))["wn-sztpd-1:device-types"]!["device-type"]!.AsArray();
        var entry = Assert.Single(Assert.Single(type)!["sztpd-ext:response-manager"]!["matched-response"]!.AsArray())!;
        Assert.Equal("[null]", entry["response"]!["none"]!.ToJsonString());
        Assert.Equal("[null]", Assert.Single(entry["match-criteria"]!["match"]!.AsArray())!["not"]!.ToJsonString());
    }

    [Fact]
    public async Task DeviceTypeInUse_CannotBeDeleted()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        using var r = await s.Client.DeleteAsync(Running + "/wn-sztpd-1:device-types/device-type=my-device-type");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("first-serial-number", (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task InsertFirst_OnOrderedLeafList_PutsValueFirst()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var path = Running + "/wn-sztpd-1:boot-images/boot-image=img";
        using var r = await s.Client.PostAsync(path + "?insert=first", Json(new JsonObject { ["wn-sztpd-1:download-uri"] = new JsonArray("https://web:443/first.img") }));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using var after = await s.Client.PostAsync(path + "?insert=after&point=" + Uri.EscapeDataString("/wn-sztpd-1:boot-images/boot-image=img/download-uri=" + Uri.EscapeDataString("https://web:443/a.img")),
            Json(new JsonObject { ["wn-sztpd-1:download-uri"] = new JsonArray("https://web:443/middle.img") }));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var uris = (await ReadJsonAsync(await s.Client.GetAsync(path)))["wn-sztpd-1:boot-image"]![0]!["download-uri"]!.AsArray().Select(u => (string)u!).ToList();
        Assert.Equal(["https://web:443/first.img", "https://web:443/a.img", "https://web:443/middle.img", "https://web:443/b.img"], uris);
    }

    [Fact]
    public async Task UnknownQueryParameter_IsRejected()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var r = await s.Client.GetAsync(Devices + "?bogus=1");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("\"bogus\" is not recognized", (string?)(await ErrorAsync(r))["error-message"]);
    }

    [Fact]
    public async Task ADevicesEditNamingOneSerialNumberTwice_IsRefused_AndNothingChanges()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var devices = JsonNode.Parse("""
            {"wn-sztpd-1:devices": {"device": [{"serial-number": "twice", "device-type": "my-device-type"}, {"serial-number": "other", "device-type": "my-device-type"},
              {"wn-sztpd-1:serial-number": "twice", "device-type": "my-device-type", "activation-code": "$0$a-new-code"}]}}
            """)!;
        using var r = await s.Client.SendAsync(Patch(Devices, devices));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("Duplicate \"device\" entry with key \"twice\".", (string?)error["error-message"]);
        Assert.Equal("invalid-value", (string?)error["error-tag"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task ADevicesEditWhoseLastDeviceIsWrong_WritesNoneOfThem()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var entries = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode)new JsonObject { ["serial-number"] = $"new-{i}", ["device-type"] = "my-device-type" })]);
        entries.Add(new JsonObject { ["serial-number"] = "last", ["device-type"] = "no-such-type" });
        using var r = await s.Client.PutAsync(Devices, Json(new JsonObject { ["wn-sztpd-1:devices"] = new JsonObject { ["device"] = entries } }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("no-such-type", (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
        using var first = await s.Client.GetAsync(Devices + "/device=new-0");
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
    }

    [Fact]
    public async Task APatchOfTheDevices_MergesEachEntryIntoTheStoredOne_AndCreatesTheNew()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var patch = JsonNode.Parse("""
            {"wn-sztpd-1:devices": {"device": [{"serial-number": "first-serial-number", "activation-code": "$0$a-new-code"},
              {"serial-number": "brand-new", "device-type": "my-device-type"}]}}
            """)!;
        using var r = await s.Client.SendAsync(Patch(Running, patch));
        Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        var first = (await ReadJsonAsync(await s.Client.GetAsync(Devices + "/device=first-serial-number")))["wn-sztpd-1:device"]![0]!;
        Assert.Equal("my-device-type", (string?)first["device-type"]);
        Assert.StartsWith("$5$", (string?)first["activation-code"]);
        var created = (await ReadJsonAsync(await s.Client.GetAsync(Devices + "/device=brand-new")))["wn-sztpd-1:device"]![0]!;
        Assert.Equal("my-device-type", (string?)created["device-type"]);

        using var incomplete = await s.Client.SendAsync(Patch(Devices, JsonNode.Parse("""{"wn-sztpd-1:devices": {"device": [{"serial-number": "no-type-yet"}]}}""")!));
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Equal("The mandatory node \"device-type\" is missing.", (string?)(await ErrorAsync(incomplete))["error-message"]);
    }

    [Fact]
    public async Task ADevicesEditGivingTheDeviceListTwice_IsRefused()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var twice = JsonNode.Parse("""
            {"wn-sztpd-1:devices": {"device": [{"serial-number": "a", "device-type": "my-device-type"}],
              "wn-sztpd-1:device": [{"serial-number": "b", "device-type": "my-device-type"}]}}
            """)!;
        using var r = await s.Client.PutAsync(Devices, Json(twice));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("The member \"wn-sztpd-1:device\" appears more than once in \"/wn-sztpd-1:devices\".", (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }
}
