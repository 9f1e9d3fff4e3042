using System.Net;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>Bad input gets the right status and error-tag, in ietf-restconf:errors, and changes nothing.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("/wn-sztpd-1:devices", "{\"wn-sztpd-1:device\": [{\"serial-number\": \"x\",", 400, "malformed-message")]
    [InlineData("/wn-sztpd-1:devices", "{\"wn-sztpd-1:device\": [{\"serial-number\": \"x\", \"device-type\": \"my-device-type\", \"colour\": \"red\"}]}", 400, "unknown-element")]
    [InlineData("/wn-sztpd-1:devices", "{\"wn-sztpd-1:device\": [{\"serial-number\": \"x\", \"device-type\": \"no-such-type\"}]}", 400, "invalid-value")]
    [InlineData("/wn-sztpd-1:devices", "{\"wn-sztpd-1:device\": [{\"serial-number\": \"x\"}]}", 400, "missing-element")]
    [InlineData("/wn-sztpd-1:transport/listen", "{\"wn-sztpd-1:endpoint\": [{\"name\": \"e\", \"use-for\": \"wn-app:native-interface\", \"http\": {\"tcp-server-parameters\": {\"local-address\": \"127.0.0.1\", \"local-port\": \"abc\"}}}]}", 400, "invalid-value")]
    [InlineData("/wn-sztpd-1:device-types", "{\"wn-sztpd-1:device-type\": [{\"name\": \"my-device-type\"}]}", 409, "data-exists")]
    [InlineData("/wn-sztpd-1:boot-images", "{\"wn-sztpd-1:boot-image\": [{\"name\": \"n\", \"image-verification\": [{\"hash-algorithm\": \"md5\", \"hash-value\": \"00\"}]}]}", 400, "invalid-value")]
    [InlineData("/wn-sztpd-1:devices", "[1, 2]", 400, "malformed-message")]
    [InlineData("/wn-sztpd-1:devices", "{\"wn-sztpd-1:device\": [{\"serial-number\": \"x\", \"device-type\": \"my-device-type\", \"serial-number\": \"y\"}]}", 400, "malformed-message")]
    public async Task BadPost_IsRejected_AndChangesNothing(string path, string body, int status, string tag)
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        using var r = await s.Client.PostAsync(Running + path, Json(body));
        Assert.Equal(status, (int)r.StatusCode);
        Assert.Equal("application/yang-data+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(tag, (string?)(await ErrorAsync(r))["error-tag"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    public static TheoryData<string, byte[]> BadlyEncodedBodies => new()
    {
        { "invalid UTF-8 in a string", [.. "{\"wn-sztpd-1:device\": [{\"device-type\": \"my-device-type\", \"serial-number\": \"x"u8, 0xC3, 0x28, .. "\"}]}"u8] },
        { "a lone surrogate escape in a string", "{\"wn-sztpd-1:device\": [{\"device-type\": \"my-device-type\", \"serial-number\": \"x\\ud800\"}]}"u8.ToArray() },
        { "a lone low surrogate escape in a member name", "{\"wn-sztpd-1:device\": [{\"device-type\\udc00\": \"my-device-type\", \"serial-number\": \"x\"}]}"u8.ToArray() },
        { "invalid UTF-8 in a member name", [.. "{\"wn-sztpd-1:device\": [{\"device-type"u8, 0xFF, .. "\": \"my-device-type\", \"serial-number\": \"x\"}]}"u8] },
    };

    /// <summary>RFC 8259 sections 8.1-8.2: JSON text is UTF-8 and its strings Unicode; anything else is a malformed message, not a 500.</summary>
    [Theory]
    [MemberData(nameof(BadlyEncodedBodies))]
    public async Task BadlyEncodedBody_Is400MalformedMessage_Audited_AndChangesNothing(string what, byte[] body)
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yang-data+json");

        using var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", content);

        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, what);
        var error = await ErrorAsync(r);
        Assert.Equal("malformed-message", (string?)error["error-tag"]);
        Assert.StartsWith("Unable to parse \"input\" JSON document: ", (string?)error["error-message"], StringComparison.Ordinal);
        Assert.Equal(before, await s.RunningJsonAsync());
        await s.Process.LogsSettledAsync();
        using var log = await s.Client.GetAsync(Operational + "/wn-sztpd-1:audit-log");
        var audit = (await ReadJsonAsync(log))["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray();
        var entry = Assert.Single(audit, e => (string?)e!["method"] == "POST");
        Assert.Equal("failure", (string?)entry!["outcome"]);
        Assert.EndsWith((string?)error["error-message"], (string?)entry["comment"], StringComparison.Ordinal);
    }

    /// <summary>
    /// A chunked body whose framing is broken is read by the handler (Kestrel parses chunks as the body is read): the
    /// client gets a 400 with a body before the connection is closed, and the request is audited.
    /// </summary>
    [Theory]
    [InlineData("ffffffffffffffff\r\nabc\r\n0\r\n\r\n")]
    [InlineData("zz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("3\r\nabcdef\r\n0\r\n\r\n")]
    public async Task BrokenChunkedFraming_Is400MalformedMessage_Audited_AndChangesNothing(string chunked)
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();

        var answer = await RawHttp.PostChunkedAsync(s.Process.Port, Running + "/wn-sztpd-1:devices", s.Client.DefaultRequestHeaders.Authorization!.ToString(), chunked);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/yang-data+json", answer.Headers["Content-Type"]);
        var error = System.Text.Json.Nodes.JsonNode.Parse(answer.Body)!["ietf-restconf:errors"]!["error"]![0]!;
        Assert.Equal("malformed-message", (string?)error["error-tag"]);
        Assert.StartsWith("The request body could not be read: ", (string?)error["error-message"], StringComparison.Ordinal);
        Assert.Equal(before, await s.RunningJsonAsync());
        await s.Process.LogsSettledAsync();
        using var log = await s.Client.GetAsync(Operational + "/wn-sztpd-1:audit-log");
        var audit = (await ReadJsonAsync(log))["wn-sztpd-1:audit-log"]!["log-entry"]!.AsArray();
        var entry = Assert.Single(audit, e => (string?)e!["method"] == "POST");
        Assert.Equal("failure", (string?)entry!["outcome"]);
        Assert.EndsWith((string?)error["error-message"], (string?)entry["comment"], StringComparison.Ordinal);
        Assert.DoesNotContain(s.Process.Logs.GetSnapshot(), l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error && l.Level < Microsoft.Extensions.Logging.LogLevel.None);
    }

    /// <summary>
    /// A list key holding NUL could be created but never read or deleted by its path (Kestrel refuses a request target
    /// that decodes to NUL): it is refused, with every other control character, and so is a key longer than 256 characters.
    /// </summary>
    [Theory]
    [InlineData("a\u0000b", "U+0000")]
    [InlineData("\u001b[31mred", "U+001B")]
    [InlineData("tab\tin-key", "U+0009")]
    [InlineData("x\u007f", "U+007F")]
    [InlineData("next\u0085line", "U+0085")]
    public async Task ListKeyWithAControlCharacter_Is400_AndChangesNothing(string serial, string character)
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["wn-sztpd-1:device"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["serial-number"] = serial, ["device-type"] = "my-device-type" }),
        };

        using var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("invalid-value", (string?)error["error-tag"]);
        Assert.Contains($"\"serial-number\" of a \"device\" entry holds the control character {character}", (string?)error["error-message"], StringComparison.Ordinal);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task ListKeyLongerThan256Characters_Is400_256IsCreatedReadAndDeletedByPath()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        System.Text.Json.Nodes.JsonObject DeviceType(string name) => new()
        {
            ["wn-sztpd-1:device-type"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = name }),
        };
        var longest = new string('t', 255) + "\u00e9";

        using (var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:device-types", Json(DeviceType(longest + "x"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("is 257 characters long; list keys are at most 256", (string?)(await ErrorAsync(r))["error-message"], StringComparison.Ordinal);
            Assert.Equal(before, await s.RunningJsonAsync());
        }
        using (var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:device-types", Json(DeviceType(longest))))
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }
        var path = Running + "/wn-sztpd-1:device-types/device-type=" + Uri.EscapeDataString(longest);
        using (var r = await s.Client.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        using (var r = await s.Client.DeleteAsync(path))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    /// <summary>
    /// A value nested deeper than 64 levels but within the parser's limit (SZTPD_MAX_NESTING_DEPTH raised to 128) is an
    /// invalid value, not a 500 while it is quoted in the error (System.Text.Json writes at most 64 levels).
    /// </summary>
    [Fact]
    public async Task DeeplyNestedValueWithinTheDepthLimit_Is400InvalidValue_AndChangesNothing()
    {
        await using var s = await ConfiguredServer.StartAsync(limits: new Sztpd.Core.Limits.InputLimits { MaxNestingDepth = 128 });
        var before = await s.RunningJsonAsync();
        var deep = new string('[', 100) + "\"x\"" + new string(']', 100);

        using var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", Json($"{{\"wn-sztpd-1:device\": [{{\"serial-number\": {deep}, \"device-type\": \"my-device-type\"}}]}}"));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("invalid-value", (string?)error["error-tag"]);
        Assert.Equal($"Invalid value {deep[..37]}... for \"serial-number\": must be a string.", (string?)error["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task ABodyNestedDeeperThanTheLimit_Is400Malformed_AndChangesNothing()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var deep = new string('[', 100) + "\"x\"" + new string(']', 100);

        using var r = await s.Client.PostAsync(Running + "/wn-sztpd-1:devices", Json($"{{\"wn-sztpd-1:device\": [{{\"serial-number\": {deep}, \"device-type\": \"my-device-type\"}}]}}"));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal("malformed-message", (string?)error["error-tag"]);
        Assert.Contains("maximum configured depth of 64", (string?)error["error-message"], StringComparison.Ordinal);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task DuplicateKeysInPut_AreRejected_AndChangeNothing()
    {
        await using var s = await ConfiguredServer.StartAsync();
        var before = await s.RunningJsonAsync();
        var body = "{\"wn-sztpd-1:device-types\": {\"device-type\": [{\"name\": \"a\"}, {\"name\": \"a\"}, {\"name\": \"my-device-type\"}]}}";
        using var r = await s.Client.PutAsync(Running + "/wn-sztpd-1:device-types", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("Duplicate", (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await s.RunningJsonAsync());
    }

    [Fact]
    public async Task OversizeBody_Gets413_AndChangesNothing()
    {
        var p = await InProcessSztpd.StartAsync(maxBodySize: 4096);
        await using var _ = p;
        var config = Minimal(p.Port);
        config["wn-sztpd-1:device-types"]!["device-type"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["name"] = new string('x', 8000) });
        using var r = await p.Client.PutAsync(Running, Json(config));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        using var get = await p.Client.GetAsync(Running);
        Assert.DoesNotContain("admin-accounts", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MissingContentType_Is400_UnsupportedAccept_Is406()
    {
        await using var s = await ConfiguredServer.StartAsync();
        using var noType = await s.Client.PutAsync(Running + "/wn-sztpd-1:device-types", new ByteArrayContent("{}"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        using var req = new HttpRequestMessage(HttpMethod.Get, Running);
        req.Headers.Accept.ParseAdd("application/yang-data+xml");
        using var xml = await s.Client.SendAsync(req);
        Assert.Equal(HttpStatusCode.NotAcceptable, xml.StatusCode);
    }

    [Fact]
    public async Task FirstWrite_WithoutUnrestrictedAdmin_IsRejected()
    {
        await using var p = await InProcessSztpd.StartAsync();
        var config = Minimal(p.Port);
        config.Remove("wn-sztpd-1:admin-accounts");
        using var r = await p.Client.PutAsync(Running, Json(config));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("unrestricted", (string?)(await ErrorAsync(r))["error-message"]);
    }
}
