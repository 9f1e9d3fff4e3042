using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sztpd.Pki.Cms;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Conformance;

/// <summary>RFC 8572 section 7.1 responses: selection order and criteria, redirect and onboarding encodings, the 404s, XML.</summary>
public sealed class ResponseTests
{

    private static JsonObject Match(string name, string? match, string response) => JsonNode.Parse($$"""
        {"name": "{{name}}", {{(match is null ? "" : $"\"match-criteria\": {{\"match\": [{match}]}},")}}
         "response": {{response}} }
        """)!.AsObject();

    private const string Redirect = """{"conveyed-information": {"redirect-information": {"reference": "to-bootstrap"}}}""";
    private const string Onboarding = """{"conveyed-information": {"onboarding-information": {"reference": "third-onboarding-information"}}}""";
    private const string None = """{"none": [null]}""";

    /// <summary>The opi configuration plus a bootstrap server and a redirect response; the third device gets <paramref name="responses"/>.</summary>
    private static Task<OpiServer> StartAsync(params JsonObject[] responses) => StartAsync(null, responses);

    /// <summary>As <see cref="StartAsync(JsonObject[])"/>, after <paramref name="deviceType"/> changed the device type.</summary>
    private static Task<OpiServer> StartAsync(Action<JsonObject>? deviceType, params JsonObject[] responses) => OpiServer.StartAsync((config, pki) =>
    {
        deviceType?.Invoke(config["wn-sztpd-1:device-types"]!["device-type"]![0]!.AsObject());
        config["wn-sztpd-1:bootstrap-servers"] = JsonNode.Parse($$"""
            {"bootstrap-server": [{"name": "bootstrap", "address": "bootstrap.example.com", "trust-anchor": "{{pki.ClientCertTaB64}}"},
                                  {"name": "backup", "address": "192.0.2.7", "port": 9090}]}
            """);
        config["wn-sztpd-1:conveyed-information-responses"]!["redirect-information-response"] = JsonNode.Parse("""
            [{"name": "to-bootstrap", "redirect-information": {"bootstrap-server": ["bootstrap", "backup"]}}]
            """);
        var third = config["wn-sztpd-1:devices"]!["device"]!.AsArray().Single(d => (string?)d!["serial-number"] == "third-serial-number")!.AsObject();
        if (responses.Length == 0)
        {
            third.Remove("response-manager");
        }
        else
        {
            third["response-manager"] = new JsonObject { ["matched-response"] = new JsonArray(responses) };
        }
    });

    private static async Task<(HttpResponseMessage Response, string Body)> PostAsync(OpiServer s, string input)
    {
        using var device = s.Third();
        var r = await device.PostAsync(Gbd, Json($"{{\"ietf-sztp-bootstrap-server:input\": {input}}}"));
        return (r, await r.Content.ReadAsStringAsync());
    }

    private static JsonObject Conveyed(string body) => JsonNode.Parse(DecodeConveyed(body).Payload)!.AsObject();

    [Fact]
    public async Task FirstMatchingEntryWins_ValueRegexNotAndPresent()
    {
        await using var s = await StartAsync(
            Match("model-y", """{"key": "hw-model", "value": "model-y"}""", None),
            Match("old-os", """{"key": "os-version", "sztpd-ext:regex": "^16\\."}""", Onboarding),
            Match("no-nonce", """{"key": "nonce", "present": [null], "not": [null]}""", Redirect),
            Match("catch-all", null, Onboarding));

        var (r, body) = await PostAsync(s, """{"hw-model": "model-x", "os-version": "16.9"}""");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(Conveyed(body).ContainsKey("ietf-sztp-conveyed-info:onboarding-information"));

        (r, body) = await PostAsync(s, """{"hw-model": "model-x", "os-version": "17.1"}""");
        var redirect = Conveyed(body)["ietf-sztp-conveyed-info:redirect-information"]!["bootstrap-server"]!.AsArray();
        Assert.Equal(["bootstrap.example.com", "192.0.2.7"], redirect.Select(b => (string)b!["address"]!));
        Assert.Equal([443, 9090], redirect.Select(b => (int)b!["port"]!));
        Assert.Equal(s.Pki.ClientCertTaB64, (string?)redirect[0]!["trust-anchor"]);
        Assert.False(redirect[1]!.AsObject().ContainsKey("trust-anchor"));

        (r, body) = await PostAsync(s, """{"os-version": "17.1", "nonce": "MDEyMzQ1Njc4OWFiY2RlZg=="}""");
        Assert.Equal("catch-all", (string?)(await s.BootstrappingLogAsync("third-serial-number"))[^1]!["event-details"]!["get-bootstrapping-data-event"]!["selected-response"]);

        (r, _) = await PostAsync(s, """{"hw-model": "model-y"}""");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("data-missing", (string?)(await ErrorAsync(r))["error-tag"]);
        var last = (await s.BootstrappingLogAsync("third-serial-number"))[^1]!;
        Assert.Equal("model-y (explicit 'none')", (string?)last["event-details"]!["get-bootstrapping-data-event"]!["selected-response"]);
        Assert.Equal(404, (int)last["return-code"]!);
        Assert.NotNull(last["error-returned"]);
    }

    [Fact]
    public async Task DeviceTypeResponses_FollowTheDevicesOwn_AndTheTypeCanForceXmlConveyedInformation()
    {
        await using var s = await OpiServer.StartAsync((config, _) =>
        {
            var type = config["wn-sztpd-1:device-types"]!["device-type"]![0]!.AsObject();
            type["sztpd-ext:conveyed-information-encoding"] = "xml";
            type["sztpd-ext:response-manager"] = new JsonObject { ["matched-response"] = new JsonArray(Match("type-wide", null, Onboarding)) };
            var third = config["wn-sztpd-1:devices"]!["device"]!.AsArray().Single(d => (string?)d!["serial-number"] == "third-serial-number")!.AsObject();
            third["response-manager"] = new JsonObject { ["matched-response"] = new JsonArray(Match("model-y", """{"key": "hw-model", "value": "model-y"}""", None)) };
        });
        var (r, body) = await PostAsync(s, """{"hw-model": "model-x"}""");
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/yang-data+json", r.Content.Headers.ContentType?.MediaType);
        var cms = DecodeConveyed(body);
        Assert.Equal("1.2.840.113549.1.9.16.1.42", cms.ContentType);
        Assert.Equal("onboarding-information", XElement.Parse(Encoding.UTF8.GetString(cms.Payload)).Name.LocalName);
        Assert.Equal("type-wide", (string?)(await s.BootstrappingLogAsync("third-serial-number"))[0]!["event-details"]!["get-bootstrapping-data-event"]!["selected-response"]);

        (r, _) = await PostAsync(s, """{"hw-model": "model-y"}""");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task ReportingLevel_IsSentFirst_OnlyWithOnboardingInformation_WhenConfigured()
    {
        await using var s = await StartAsync(type => type["sztpd-ext:reporting-level"] = "verbose",
            Match("redirect", """{"key": "hw-model", "value": "model-r"}""", Redirect), Match("onboard", null, Onboarding));

        var (r, body) = await PostAsync(s, """{"hw-model": "model-x"}""");
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        var output = JsonNode.Parse(body)!["ietf-sztp-bootstrap-server:output"]!.AsObject();
        Assert.Equal(["reporting-level", "conveyed-information"], output.Select(m => m.Key));
        Assert.Equal("verbose", (string?)output["reporting-level"]);

        (r, body) = await PostAsync(s, """{"hw-model": "model-r"}""");
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(["conveyed-information"], JsonNode.Parse(body)!["ietf-sztp-bootstrap-server:output"]!.AsObject().Select(m => m.Key));
    }

    [Fact]
    public async Task Responses_CarryContentLength_NotChunked()
    {
        await using var s = await StartAsync(Match("catch-all", null, Onboarding));
        using var device = s.Third();

        // Content-Length taken before the body is read: afterwards HttpClient computes one from its buffer.
        async Task<(HttpResponseMessage Response, long? Length, byte[] Body)> SendAsync(HttpMethod method, string path, string? input = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (input is not null)
            {
                request.Content = Json($"{{\"ietf-sztp-bootstrap-server:input\": {input}}}");
            }
            var r = await device.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var length = r.Content.Headers.ContentLength;
            return (r, length, await r.Content.ReadAsByteArrayAsync());
        }

        foreach (var (method, path, input, status) in new[]
        {
            (HttpMethod.Post, Gbd, "{}", HttpStatusCode.OK),
            (HttpMethod.Post, Gbd, "{\"hw-model\": 7}", HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/restconf", null, HttpStatusCode.OK),
        })
        {
            var (r, length, body) = await SendAsync(method, path, input);
            using (r)
            {
                Assert.Equal(status, r.StatusCode);
                Assert.Equal(body.Length, length);
                Assert.NotEqual(true, r.Headers.TransferEncodingChunked);
            }
        }

        // HEAD: the length GET would send, and no body.
        var (get, _, getBody) = await SendAsync(HttpMethod.Get, "/restconf");
        var (head, headLength, headBody) = await SendAsync(HttpMethod.Head, "/restconf");
        using (get)
        using (head)
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(getBody.Length, headLength);
            Assert.Empty(headBody);
        }
    }

    [Fact]
    public async Task NoResponses_And_NoMatch_Are404DataMissing()
    {
        await using (var s = await StartAsync())
        {
            var (r, _) = await PostAsync(s, "{}");
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("No responses configured.", (string?)(await ErrorAsync(r))["error-message"]);
        }
        await using (var s = await StartAsync(Match("model-y", """{"key": "hw-model", "value": "model-y"}""", Onboarding)))
        {
            var (r, _) = await PostAsync(s, "{}");
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("No matching responses configured.", (string?)(await ErrorAsync(r))["error-message"]);
        }
    }

    [Fact]
    public async Task XmlRequest_GetsXmlOutput_AndXmlConveyedInformation()
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Third();
        var content = new StringContent("""
            <input xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server"><hw-model>model-x</hw-model><signed-data-preferred/></input>
            """, Encoding.UTF8);
        content.Headers.ContentType = new("application/yang-data+xml");
        using var r = await device.PostAsync(Gbd, content);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/yang-data+xml", r.Content.Headers.ContentType?.MediaType);
        XNamespace sztp = "urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server";
        var output = XElement.Parse(body);
        Assert.Equal(sztp + "output", output.Name);
        var cms = ConveyedInformationCms.Decode(Convert.FromBase64String(output.Element(sztp + "conveyed-information")!.Value));
        Assert.Equal("1.2.840.113549.1.9.16.1.42", cms.ContentType);
        XNamespace info = "urn:ietf:params:xml:ns:yang:ietf-sztp-conveyed-info";
        var onboarding = XElement.Parse(Encoding.UTF8.GetString(cms.Payload));
        Assert.Equal(info + "onboarding-information", onboarding.Name);
        Assert.Equal(["https://web:443/third-boot-image.img", "ftps://web:990/third-boot-image.img"],
            onboarding.Element(info + "boot-image")!.Elements(info + "download-uri").Select(e => e.Value));
        var algorithm = onboarding.Element(info + "boot-image")!.Element(info + "image-verification")!.Element(info + "hash-algorithm")!;
        Assert.Equal("sha-256", algorithm.Value.Split(':')[1]);
        Assert.Equal(info.NamespaceName, algorithm.GetNamespaceOfPrefix(algorithm.Value.Split(':')[0])?.NamespaceName);
        Assert.Equal("merge", onboarding.Element(info + "configuration-handling")!.Value);
    }

    [Theory]
    [InlineData("POST", "/restconf/operations/ietf-sztp-bootstrap-server:no-such-rpc", 404, "Unrecognized RPC.")]
    [InlineData("POST", "/restconf/operations", 400, "Resource does not exist.")]
    [InlineData("GET", "/restconf/ds/ietf-datastores:running", 204, null)]
    [InlineData("GET", "/restconf/ds/ietf-datastores:running/wn-sztpd-1:devices", 404, "Requested resource does not exist.")]
    [InlineData("DELETE", "/restconf/ds/ietf-datastores:running", 400, "Resource can not be modified.")]
    public async Task OtherResources_AnswerAsSztpd(string method, string path, int status, string? message)
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Third();
        using var r = await device.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(status, (int)r.StatusCode);
        if (message is not null)
        {
            Assert.Equal(message, (string?)(await ErrorAsync(r))["error-message"]);
        }
    }

    [Fact]
    public async Task YangLibrary_ListsTheBootstrapServerModule()
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Third();
        var library = JsonNode.Parse(await device.GetStringAsync("/restconf/ds/ietf-datastores:operational/ietf-yang-library:yang-library"))!;
        var modules = library["ietf-yang-library:yang-library"]!["module-set"]![0]!["module"]!.AsArray();
        Assert.Contains(modules, m => (string?)m!["name"] == "ietf-sztp-bootstrap-server" && (string?)m["revision"] == "2019-04-30");
        Assert.DoesNotContain(library["ietf-yang-library:yang-library"]!["module-set"]![0]!["import-only-module"]!.AsArray(), m => (string?)m!["name"] == "wn-sztpd-1");
    }

    [Fact]
    public async Task ProgressReport_ToleratesWhatRealAgentsSend_ButRejectsUnknownTypes_AndKeepsBootstrapCompleteData()
    {
        await using var s = await OpiServer.StartAsync();
        using var device = s.Third();
        using (var r = await device.PostAsync(Rp, Json("""
            {"ietf-sztp-bootstrap-server:input": {"progress-type": "bootstrap-complete",
              "ssh-host-keys": {"ssh-host-key": [{"algorithm": "ssh-ed25519", "key-data": "AAAA"}]},
              "trust-anchor-certs": {"trust-anchor-cert": ["bXlzc2hwYXNz"]}}}
            """)))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }
        using (var r = await device.PostAsync(Rp, Json("""{"ietf-sztp-bootstrap-server:input": {"progress-type": "bootstrap-finished"}}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }
        using (var r = await device.PostAsync(Rp, Json("")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }
        var log = await s.BootstrappingLogAsync("third-serial-number");
        Assert.Equal("ssh-ed25519", (string?)log[0]!["event-details"]!["report-progress-event"]!["passed-input"]!["ssh-host-keys"]!["ssh-host-key"]![0]!["algorithm"]);
        Assert.Equal(400, (int)log[1]!["return-code"]!);

        // The keys and anchors of the last bootstrap-complete become the device's operational data.
        var third = JsonNode.Parse(await s.Admin.GetStringAsync($"{Operational}/wn-sztpd-1:devices/device=third-serial-number"))!["wn-sztpd-1:device"]![0]!;
        var complete = third["sztpd-ext:bootstrap-complete"]!;
        Assert.Equal((string?)log[0]!["timestamp"], (string?)complete["timestamp"]);
        Assert.Equal("AAAA", (string?)complete["ssh-host-keys"]!["ssh-host-key"]![0]!["key-data"]);
        Assert.Equal("bXlzc2hwYXNz", (string?)complete["trust-anchor-certs"]!["trust-anchor-cert"]![0]);
    }
}
