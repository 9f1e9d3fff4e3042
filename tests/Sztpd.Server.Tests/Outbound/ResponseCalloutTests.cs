using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// A device's response computed by a dynamic callout's webhooks (docs/integration.md), against real receivers on
/// loopback: HTTPS demanding sztpd's client certificate, HTTP, down, slow, refusing, answering nonsense.
/// </summary>
public sealed class ResponseCalloutTests
{
    private const string Serial = "third-serial-number";
    private const string Onboarding = """{"ietf-sztp-conveyed-info:onboarding-information": {"configuration-handling": "replace", "configuration": "PGNvbmZpZy8+"}}""";

    /// <summary>The opi server with device "third" answered by the callout "compute" whose webhooks are <paramref name="webhooks"/>, with <paramref name="setup"/>'s keys.</summary>
    private static Task<OpiServer> StartAsync(CalloutSetup setup, params JsonObject[] webhooks) =>
        OpiServer.StartAsync((config, _) =>
        {
            setup.AddKeys(config);
            config["wn-sztpd-1:dynamic-callouts"] = new JsonObject { ["dynamic-callout"] = new JsonArray(CalloutSetup.Callout("compute", "get-bootstrapping-data", "site-42", webhooks)) };
            var third = config["wn-sztpd-1:devices"]!["device"]!.AsArray().Single(d => (string?)d!["serial-number"] == Serial)!;
            third["response-manager"]!["matched-response"]![0]!["response"] = JsonNode.Parse("""{"conveyed-information": {"dynamic-callout": {"reference": "compute"}}}""");
        });

    private static async Task<HttpResponseMessage> BootstrapAsync(OpiServer server)
    {
        using var device = server.Third();
        return await device.PostAsync(Gbd, Json("""{"ietf-sztp-bootstrap-server:input": {"hw-model": "model-x"}}"""));
    }

    [Fact]
    public async Task AnHttpsWebhook_GetsTheDevicesRequest_WithSztpdsClientCertificate_AndItsAnswerIsTheDevicesConveyedInformation()
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        await using var receiver = await WebhookReceiver.StartAsync(200, Onboarding, setup.ServerTls(), setup.ClientTrust);
        await using var server = await StartAsync(setup, CalloutSetup.Https("primary", receiver.Port));

        using var r = await BootstrapAsync(server);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(JsonNode.Parse(Onboarding)!.ToJsonString(), JsonNode.Parse(ConveyedText(await r.Content.ReadAsStringAsync()))!.ToJsonString());
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(("POST", "/get-bootstrapping-data", "application/yang-data+json; charset=utf-8"), (request.Method, request.Path, request.ContentType));
        Assert.Equal(setup.Client.Certificate.RawData, request.ClientCertificate!.RawData);
        var input = JsonNode.Parse(request.Body)!["wn-sztpd-rpcs:input"]!;
        Assert.Equal(Serial, (string?)input["serial-number"]);
        Assert.Equal("127.0.0.1", (string?)input["source-ip-address"]);
        Assert.Equal(Convert.ToBase64String(server.Pki.Devices[Serial].Certificate.RawData), (string?)input["identity-certificate"]);
        Assert.Equal("model-x", (string?)input["from-device"]!["ietf-sztp-bootstrap-server:input"]!["hw-model"]);
        Assert.Equal("site-42", (string?)input["opaque"]);
        var logged = (await server.BootstrappingLogAsync(Serial))[^1]!["event-details"]!["get-bootstrapping-data-event"]!["response-details"]!["dynamic-callout"]!;
        Assert.Equal("""{"name":"compute","rpc-supported":"wn-sztpd-rpcs:get-bootstrapping-data","callout-type":"webhooks","webhook-results":[{"webhook":"primary","result":"answered"}]}""",
            logged.ToJsonString());
    }

    [Fact]
    public async Task TheCalleesError_IsTheDevicesAnswer_WithItsStatus()
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        await using var receiver = await WebhookReceiver.StartAsync(403,
            """{"ietf-restconf:errors": {"error": [{"error-type": "application", "error-tag": "access-denied", "error-message": "Not in this building."}]}}""",
            setup.ServerTls(), setup.ClientTrust);
        await using var server = await StartAsync(setup, CalloutSetup.Https("primary", receiver.Port));

        using var r = await BootstrapAsync(server);

        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var error = await ErrorAsync(r);
        Assert.Equal(("access-denied", "Not in this building."), ((string?)error["error-tag"], (string?)error["error-message"]));
    }

    /// <summary>Webhooks are tried in order: one that is down, one whose certificate the bag does not vouch for, then a plain HTTP one that answers.</summary>
    [Fact]
    public async Task WebhooksDownOrUntrusted_AreSkipped_InOrder_AndLogged()
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        using var stranger = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        await using var impostor = await WebhookReceiver.StartAsync(200, Onboarding, stranger.ServerTls(), setup.ClientTrust);
        await using var plain = await WebhookReceiver.StartAsync(200, Onboarding);
        var down = Sztpd.Testing.Processes.SztpdProcess.FreePort();
        await using var server = await StartAsync(setup, CalloutSetup.Https("down", down), CalloutSetup.Https("impostor", impostor.Port), CalloutSetup.Http("plain", plain.Port));

        using var r = await BootstrapAsync(server);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Empty(impostor.Requests);
        Assert.Single(plain.Requests);
        var results = (await server.BootstrappingLogAsync(Serial))[^1]!["event-details"]!["get-bootstrapping-data-event"]!["response-details"]!["dynamic-callout"]!["webhook-results"]!.AsArray();
        Assert.Equal(["down", "impostor", "plain"], results.Select(x => (string?)x!["webhook"]));
        Assert.Contains("Connection refused", (string?)results[0]!["result"], StringComparison.Ordinal);
        Assert.Contains("SSL connection could not be established", (string?)results[1]!["result"], StringComparison.Ordinal);
        Assert.Equal("answered", (string?)results[2]!["result"]);
    }

    /// <summary>
    /// With <c>server-certs</c> the receiver's certificate must be one of the bag's (a self-signed receiver pinned): a
    /// certificate issued by a CA in that bag, which <c>ca-certs</c> would accept, is refused.
    /// </summary>
    [Fact]
    public async Task APinnedWebhook_AcceptsItsOwnCertificate_NotOneIssuedByABagsCa()
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        var options = new Sztpd.Testing.Pki.TestCertificateOptions { IpAddresses = [IPAddress.Loopback], ExtendedKeyUsages = [Sztpd.Testing.Pki.TestOids.ServerAuth] };
        using var own = setup.ServerRoot.Pki.CreateRoot("CN=127.0.0.1, O=Sztpd Test, OU=pinned", options);
        await using var other = await WebhookReceiver.StartAsync(200, Onboarding, setup.ServerTls(), setup.ClientTrust);
        await using var pinned = await WebhookReceiver.StartAsync(200, Onboarding, own.ToTlsCertificate(), setup.ClientTrust);
        JsonObject Pinned(string name, int port)
        {
            var webhook = CalloutSetup.Https(name, port);
            webhook["https"]!["tls-client-parameters"]!["server-authentication"] = JsonNode.Parse("""{"server-certs": {"local-truststore-reference": "pinned"}}""");
            return webhook;
        }
        await using var server = await OpiServer.StartAsync((config, _) =>
        {
            setup.AddKeys(config);
            config["wn-sztpd-1:truststore"]!["certificate-bags"]!["certificate-bag"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "pinned",
                ["certificate"] = new JsonArray(
                    new JsonObject { ["name"] = "receiver", ["cert-data"] = Sztpd.Testing.Pki.TestPki.CmsBase64(own) },
                    new JsonObject { ["name"] = "a-ca", ["cert-data"] = Sztpd.Testing.Pki.TestPki.CmsBase64(setup.ServerRoot) }),
            });
            config["wn-sztpd-1:dynamic-callouts"] = new JsonObject
            {
                ["dynamic-callout"] = new JsonArray(CalloutSetup.Callout("compute", "get-bootstrapping-data", null, Pinned("other", other.Port), Pinned("pinned", pinned.Port))),
            };
            config["wn-sztpd-1:devices"]!["device"]!.AsArray().Single(d => (string?)d!["serial-number"] == Serial)!["response-manager"]!["matched-response"]![0]!["response"] =
                JsonNode.Parse("""{"conveyed-information": {"dynamic-callout": {"reference": "compute"}}}""");
        });

        using var r = await BootstrapAsync(server);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Empty(other.Requests);
        Assert.Single(pinned.Requests);
    }

    [Theory]
    [InlineData(200, "not json")]
    [InlineData(200, """{"ietf-sztp-conveyed-info:onboarding-information": {"boot-image": {"download-uri": 7}}}""")]
    [InlineData(500, "oops")]
    public async Task ANonsenseAnswer_GivesTheDevice500_SayingWhy(int status, string answer)
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        await using var receiver = await WebhookReceiver.StartAsync(status, answer);
        await using var server = await StartAsync(setup, CalloutSetup.Http("plain", receiver.Port));

        using var r = await BootstrapAsync(server);

        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.StartsWith("Server encountered an error while trying to generate a response: ", (string?)(await ErrorAsync(r))["error-message"], StringComparison.Ordinal);
        Assert.Equal(500, (int)(await server.BootstrappingLogAsync(Serial))[^1]!["return-code"]!);
    }

    /// <summary>A receiver that never answers: the webhook's timeout passes on sztpd's clock and the device gets 500.</summary>
    [Fact]
    public async Task ASlowWebhook_TimesOut_OnSztpdsClock()
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        var never = new TaskCompletionSource<(int, string?)>();
        await using var receiver = await WebhookReceiver.StartAsync(_ => never.Task);
        await using var server = await StartAsync(setup, CalloutSetup.Http("slow", receiver.Port));

        var answer = BootstrapAsync(server);
        await receiver.WaitForRequestsAsync(1);
        server.Process.Time.Advance(TimeSpan.FromSeconds(10));
        using var r = await answer;
        never.SetResult((200, Onboarding));

        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Contains("slow: no answer within 10 s", (string?)(await ErrorAsync(r))["error-message"], StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>encoding xml</c>: the webhook gets the input as XML (<c>application/yang-data+xml</c>), and its XML answer,
    /// conveyed information or <c>ietf-restconf:errors</c>, is read as the JSON one would be.
    /// </summary>
    [Fact]
    public async Task AnXmlWebhook_GetsXml_AndItsXmlAnswersAreRead()
    {
        using var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        var refuse = false;
        await using var receiver = await WebhookReceiver.StartAsync(_ => Task.FromResult<(int, string?)>(refuse
            ? (403, """<errors xmlns="urn:ietf:params:xml:ns:yang:ietf-restconf"><error><error-type>application</error-type><error-tag>access-denied</error-tag><error-message>Not here.</error-message></error></errors>""")
            : (200, """<onboarding-information xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-conveyed-info"><configuration-handling>replace</configuration-handling><configuration>PGNvbmZpZy8+</configuration></onboarding-information>""")));
        var webhook = CalloutSetup.Http("xml", receiver.Port);
        webhook["encoding"] = "xml";
        await using var server = await StartAsync(setup, webhook);

        using var answered = await BootstrapAsync(server);
        refuse = true;
        using var refused = await BootstrapAsync(server);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(JsonNode.Parse(Onboarding)!.ToJsonString(), JsonNode.Parse(ConveyedText(await answered.Content.ReadAsStringAsync()))!.ToJsonString());
        var request = receiver.Requests[0];
        Assert.Equal("application/yang-data+xml; charset=utf-8", request.ContentType);
        Assert.StartsWith("""<input xmlns="urn:sztpd:yang:wn-sztpd-rpcs"><serial-number>third-serial-number</serial-number><source-ip-address>127.0.0.1</source-ip-address>""",
            request.Body, StringComparison.Ordinal);
        Assert.Contains("""<from-device><input xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-bootstrap-server"><hw-model>model-x</hw-model></input></from-device><opaque>site-42</opaque></input>""",
            request.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Not here.", (string?)(await ErrorAsync(refused))["error-message"]);
    }

    private static string ConveyedText(string body) => System.Text.Encoding.UTF8.GetString(DecodeConveyed(body).Payload);
}
