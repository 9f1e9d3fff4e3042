using System.Net;
using System.Text;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Hardening;

/// <summary>
/// What an authenticated device's request body may cost is bounded (issue 15: an XML body nested 100,000 deep cost
/// 98 s of CPU; a 60 KB entity bomb was expanded into a 9.5 MB log entry; a 10 MB body was logged whole).
/// </summary>
public sealed class DeviceInputLimitTests
{
    private const string Serial = "third-serial-number";
    private const string Ns = "urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server";

    [Fact]
    public async Task DeeplyNestedXml_IsRefusedBeforeATreeIsBuilt()
    {
        await using var s = await OpiServer.StartAsync();
        var depth = 30_000; // 210 KB: under the device body limit
        var body = $"<input xmlns=\"{Ns}\">" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</input>";
        var error = await RefusedAsync(s, body, "application/yang-data+xml");
        Assert.Contains("The XML is nested deeper than 64 levels.", error);
    }

    [Fact]
    public async Task XmlWithADtd_IsRefused_AndNothingIsExpandedIntoTheLog()
    {
        await using var s = await OpiServer.StartAsync();
        var entities = new StringBuilder("<!DOCTYPE input [<!ENTITY e0 \"" + new string('x', 1000) + "\">");
        for (var i = 1; i < 10; i++)
        {
            entities.Append(CultureInvariant($"<!ENTITY e{i} \"&e{i - 1};&e{i - 1};&e{i - 1};&e{i - 1};\">"));
        }
        var body = entities + $"]><input xmlns=\"{Ns}\"><hw-model>&e9;</hw-model></input>";
        var error = await RefusedAsync(s, body, "application/yang-data+xml");
        Assert.Contains("DTD", error);
        var log = (await s.BootstrappingLogAsync(Serial)).ToJsonString();
        Assert.DoesNotContain(new string('x', 2000), log);
    }

    [Fact]
    public async Task DeeplyNestedJson_IsRefused()
    {
        await using var s = await OpiServer.StartAsync();
        var body = "{\"ietf-sztp-bootstrap-server:input\": " + new string('[', 100) + new string(']', 100) + "}";
        var error = await RefusedAsync(s, body, "application/yang-data+json");
        Assert.Contains("maximum configured depth of 64", error);
    }

    [Fact]
    public async Task ABodyOverTheDeviceLimit_Gets413_AndTheLogKeepsNoCopy()
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Third();
        // Expect: 100-continue, so the client waits for the refusal instead of racing it with the body (a broken pipe).
        using var request = new HttpRequestMessage(HttpMethod.Post, Gbd) { Content = new ByteArrayContent(new byte[1024 * 1024]) { Headers = { ContentType = new("application/yang-data+json") } } };
        request.Headers.ExpectContinue = true;
        using var r = await device.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        var entry = (await s.BootstrappingLogAsync(Serial)).Single()!;
        Assert.Equal(413, (int?)entry["return-code"]);
        Assert.True(entry.ToJsonString().Length < 2048);
    }

    [Fact]
    public async Task AMalformedBody_IsLoggedCutAndMarked()
    {
        await using var s = await OpiServer.StartAsync();
        var body = "{\"ietf-sztp-bootstrap-server:input\": " + new string(' ', 100_000) + "!";
        await RefusedAsync(s, body, "application/yang-data+json");
        var logged = (string?)(await s.BootstrappingLogAsync(Serial)).Single()!["event-details"]!["get-bootstrapping-data-event"]!["passed-input"]!["unparsable-input"];
        Assert.Equal(16 * 1024 + "... [truncated: 100038 bytes]".Length, logged!.Length);
        Assert.EndsWith("... [truncated: 100038 bytes]", logged);
    }

    private static async Task<string> RefusedAsync(OpiServer s, string body, string mediaType)
    {
        using var device = s.Third();
        using var r = await device.PostAsync(Gbd, new StringContent(body, Encoding.UTF8, mediaType));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);
}
