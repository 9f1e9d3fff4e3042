using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using Sztpd.Testing;
using Sztpd.Testing.Processes;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Restconf;

/// <summary>
/// A device's RPC body that is not well-formed (RFC 8572 section 7, RFC 8040 section 7): a 400 with an
/// <c>ietf-restconf:errors</c> body in the device's format, and the request in its bootstrapping log.
/// </summary>
public sealed class DeviceBadInputTests
{
    /// <summary>The minimal configuration plus a plain-HTTP device endpoint; the device is "first-serial-number" with its activation code.</summary>
    private static async Task<(InProcessSztpd Server, HttpClient Device, int SbiPort)> StartAsync()
    {
        var sbi = SztpdProcess.FreePort();
        var server = await InProcessSztpd.StartAsync();
        var config = Minimal(server.Port);
        config["wn-sztpd-1:transport"]!["listen"]!["endpoint"]!.AsArray().Add(HttpSbiEndpoint("sbi", sbi));
        var mark = server.OutputMark;
        using var put = await server.Client.PutAsync(Running, Json(config));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        await server.WaitForOutputAsync("listeners restarted", mark);
        server.UseBasic(Admin, Password);
        var device = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sbi}") };
        device.DefaultRequestHeaders.Authorization = Header;
        return (server, device, sbi);
    }

    private static AuthenticationHeaderValue Header => BasicAuthentication.Header("first-serial-number", "my-secret");

    private static ByteArrayContent Body(byte[] bytes, string mediaType = "application/yang-data+json")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static async Task<JsonArray> BootstrappingLogAsync(InProcessSztpd server)
    {
        await server.LogsSettledAsync();
        var text = await server.Client.GetStringAsync($"{Operational}/wn-sztpd-1:devices/device=first-serial-number/bootstrapping-log");
        return JsonNode.Parse(text)!["wn-sztpd-1:bootstrapping-log"]!["log-entry"]!.AsArray();
    }

    public static TheoryData<string, string, byte[]> BadlyEncodedInputs => new()
    {
        { "invalid UTF-8", Gbd, [.. "{\"ietf-sztp-bootstrap-server:input\": {\"hw-model\": \"model-"u8, 0xC3, 0x28, .. "\"}}"u8] },
        { "a lone surrogate escape", Gbd, "{\"ietf-sztp-bootstrap-server:input\": {\"hw-model\": \"model-\\ud800\"}}"u8.ToArray() },
        { "invalid UTF-8", Rp, [.. "{\"ietf-sztp-bootstrap-server:input\": {\"progress-type\": \"bootstrap-initiated\", \"message\": \"a"u8, 0xFF, .. "\"}}"u8] },
        { "a lone surrogate escape", Rp, "{\"ietf-sztp-bootstrap-server:input\": {\"progress-type\": \"bootstrap-initiated\", \"message\": \"a\\udc00b\"}}"u8.ToArray() },
        { "a lone surrogate escape in a member name", Rp, "{\"ietf-sztp-bootstrap-server:input\": {\"progress-type\\ud800\": \"bootstrap-initiated\"}}"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(BadlyEncodedInputs))]
    public async Task BadlyEncodedJsonInput_Is400MalformedMessage_AndLogged(string what, string rpc, byte[] body)
    {
        var (server, device, _) = await StartAsync();
        await using var _ = server;
        using var __ = device;

        using var r = await device.PostAsync(rpc, Body(body));

        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var error = await ErrorAsync(r);
        Assert.Equal("malformed-message", (string?)error["error-tag"]);
        Assert.StartsWith("Unable to parse \"input\" document: ", (string?)error["error-message"], StringComparison.Ordinal);
        var entry = Assert.Single(await BootstrappingLogAsync(server));
        Assert.Equal(400, (int)entry!["return-code"]!);
        Assert.Equal(rpc, (string?)entry["path"]);
    }

    [Fact]
    public async Task BrokenChunkedFraming_Is400MalformedMessage_AndLogged()
    {
        var (server, device, sbi) = await StartAsync();
        await using var _ = server;
        using var __ = device;

        var answer = await RawHttp.PostChunkedAsync(sbi, Gbd, Header.ToString(), "ffffffffffffffff\r\nabc\r\n0\r\n\r\n");

        Assert.Equal(400, answer.Status);
        var error = JsonNode.Parse(answer.Body)!["ietf-restconf:errors"]!["error"]![0]!;
        Assert.Equal("malformed-message", (string?)error["error-tag"]);
        var entry = Assert.Single(await BootstrappingLogAsync(server));
        Assert.Equal(400, (int)entry!["return-code"]!);
    }

    /// <summary>The parser's message quotes the character, which XML cannot carry: it is written as \u0001, not a 500.</summary>
    [Fact]
    public async Task XmlInputWithAControlCharacter_Is400_WithAnXmlErrorsBody()
    {
        var (server, device, _) = await StartAsync();
        await using var _ = server;
        using var __ = device;
        var body = "<input xmlns=\"urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server\"><progress-type>bootstrap-initiated</progress-type><message>a\u0001b</message></input>"u8.ToArray();

        using var r = await device.PostAsync(Rp, Body(body, "application/yang-data+xml"));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/yang-data+xml", r.Content.Headers.ContentType?.MediaType);
        System.Xml.Linq.XNamespace ns = "urn:ietf:params:xml:ns:yang:ietf-restconf";
        var error = System.Xml.Linq.XElement.Parse(await r.Content.ReadAsStringAsync()).Element(ns + "error")!;
        Assert.Equal("malformed-message", (string?)error.Element(ns + "error-tag"));
        Assert.Contains("\\u0001", (string?)error.Element(ns + "error-message"), StringComparison.Ordinal);
        Assert.Equal(400, (int)(await BootstrappingLogAsync(server)).Single()!["return-code"]!);
    }

    [Fact]
    public async Task XmlInputThatIsNotUtf8_Is400MalformedMessage()
    {
        var (server, device, _) = await StartAsync();
        await using var _ = server;
        using var __ = device;
        byte[] body = [.. "<input xmlns=\"urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server\"><progress-type>bootstrap-initiated</progress-type><message>caf"u8, 0xE9, .. "</message></input>"u8];

        using var r = await device.PostAsync(Rp, Body(body, "application/yang-data+xml"));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("<error-tag>malformed-message</error-tag>", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
