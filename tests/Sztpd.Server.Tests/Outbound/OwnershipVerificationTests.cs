using System.Net;
using System.Text.Json.Nodes;
using Sztpd.Server.Tests.Infrastructure;
using static Sztpd.Server.Tests.Infrastructure.Configs;

namespace Sztpd.Server.Tests.Outbound;

/// <summary>
/// A device type's ownership-authorization (compat section 2.10) against a real HTTPS receiver that demands sztpd's
/// client certificate: devices an edit creates are verified in batches, a refusal rejects the whole edit.
/// </summary>
public sealed class OwnershipVerificationTests
{
    private const string Devices = Running + "/wn-sztpd-1:devices";

    /// <summary>Answers success for every serial number asked about except those starting with "stolen".</summary>
    private static Task<(int, string?)> Owner(ReceivedRequest request)
    {
        var serials = JsonNode.Parse(request.Body)!["wn-sztpd-rpcs:input"]!["serial-number"]!.AsArray().Select(s => (string)s!);
        var results = new JsonArray([.. serials.Select(s => (JsonNode)new JsonObject { ["serial-number"] = s, ["result"] = s.StartsWith("stolen", StringComparison.Ordinal) ? "failure" : "success" })]);
        return Task.FromResult<(int, string?)>((200, new JsonObject { ["wn-sztpd-rpcs:output"] = new JsonObject { ["verification-results"] = new JsonObject { ["verification-result"] = results } } }.ToJsonString()));
    }

    /// <summary>
    /// The opi server whose device type verifies ownership with the receiver; the receiver answers as
    /// <see cref="Owner"/> while the configuration is loaded (its three devices are verified then), and as
    /// <paramref name="answer"/> afterwards. The receiver's requests start empty.
    /// </summary>
    private static async Task<(OpiServer Server, WebhookReceiver Receiver, CalloutSetup Setup)> StartAsync(Func<ReceivedRequest, Task<(int, string?)>>? answer = null)
    {
        var setup = new CalloutSetup(new Sztpd.Testing.Pki.TestPki(DateTimeOffset.UtcNow));
        var loading = true;
        var receiver = await WebhookReceiver.StartAsync(request => loading ? Owner(request) : (answer ?? Owner)(request), setup.ServerTls(), setup.ClientTrust);
        var server = await OpiServer.StartAsync((config, _) =>
        {
            setup.AddKeys(config);
            config["wn-sztpd-1:dynamic-callouts"] = new JsonObject
            {
                ["dynamic-callout"] = new JsonArray(CalloutSetup.Callout("owners", "verify-device-ownership", null, CalloutSetup.Https("registry", receiver.Port))),
            };
            config["wn-sztpd-1:device-types"]!["device-type"]![0]!["ownership-authorization"] = JsonNode.Parse("""{"dynamic-callout": {"reference": "owners"}}""");
        });
        Assert.Equal("""{"wn-sztpd-rpcs:input":{"tenant":"not-applicable","serial-number":["first-serial-number","second-serial-number","third-serial-number"]}}""",
            Assert.Single(receiver.Requests).Body);
        receiver.Clear();
        loading = false;
        return (server, receiver, setup);
    }

    private static StringContent NewDevice(string serial) =>
        Json(new JsonObject { ["wn-sztpd-1:device"] = new JsonArray(new JsonObject { ["serial-number"] = serial, ["device-type"] = "my-device-type" }) });

    [Fact]
    public async Task ADeviceTheOwnerVerifies_IsCreated_AfterOneCallWithItsSerialNumber()
    {
        var (server, receiver, setup) = await StartAsync();
        await using var _ = server;
        await using var __ = receiver;
        using var ___ = setup;

        using var r = await server.Admin.PostAsync(Devices, NewDevice("FCW1"));

        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/verify-device-ownership", request.Path);
        Assert.Equal("""{"wn-sztpd-rpcs:input":{"tenant":"not-applicable","serial-number":["FCW1"]}}""", request.Body);
        Assert.Equal(setup.Client.Certificate.RawData, request.ClientCertificate!.RawData);
    }

    [Fact]
    public async Task ADeviceTheOwnerRefuses_RejectsTheWholeEdit_AndCreatesNothing()
    {
        var (server, receiver, setup) = await StartAsync();
        await using var _ = server;
        await using var __ = receiver;
        using var ___ = setup;
        var before = await server.Admin.GetStringAsync(Running);

        using var r = await server.Admin.PatchAsync(Devices, Json(new JsonObject
        {
            ["wn-sztpd-1:devices"] = JsonNode.Parse(
            """{"device": [{"serial-number": "FCW2", "device-type": "my-device-type"}, {"serial-number": "stolen-1", "device-type": "my-device-type"}]}""")
        }));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("Unable to verify ownership for device: stolen-1", (string?)(await ErrorAsync(r))["error-message"]);
        Assert.Equal(before, await server.Admin.GetStringAsync(Running));
    }

    /// <summary>A bulk create asks in batches of 1,000 serial numbers, not once per device.</summary>
    [Fact]
    public async Task ABulkCreate_IsVerifiedInBatches()
    {
        var (server, receiver, setup) = await StartAsync();
        await using var _ = server;
        await using var __ = receiver;
        using var ___ = setup;
        var serials = Enumerable.Range(1, 2500).Select(i => $"bulk-{i:0000}").ToArray();

        using var r = await server.Admin.PatchAsync(Devices, Json(new JsonObject
        {
            ["wn-sztpd-1:devices"] = new JsonObject { ["device"] = new JsonArray([.. serials.Select(s => (JsonNode)new JsonObject { ["serial-number"] = s, ["device-type"] = "my-device-type" })]) },
        }));

        Assert.True(r.StatusCode == HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
        Assert.Equal([1000, 1000, 500], receiver.Requests.Select(q => JsonNode.Parse(q.Body)!["wn-sztpd-rpcs:input"]!["serial-number"]!.AsArray().Count));
        using var get = await server.Admin.GetAsync(Devices + "/device=bulk-2500");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task ChangingAnExistingDevice_CallsNobody()
    {
        var (server, receiver, setup) = await StartAsync();
        await using var _ = server;
        await using var __ = receiver;
        using var ___ = setup;

        using var r = await server.Admin.PatchAsync(Devices + "/device=third-serial-number",
            Json("""{"wn-sztpd-1:device": [{"serial-number": "third-serial-number", "activation-code": "$0$another-code"}]}"""));

        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task AnOwnerThatDoesNotAnswer_RejectsTheCreate_SayingWhy()
    {
        var (server, receiver, setup) = await StartAsync(_ => Task.FromResult<(int, string?)>((503, null)));
        await using var _ = server;
        await using var __ = receiver;
        using var ___ = setup;

        using var r = await server.Admin.PostAsync(Devices, NewDevice("FCW3"));

        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.StartsWith("Unable to verify ownership for device: FCW3: no webhook of the dynamic callout \"owners\" answered (registry: 503 without ietf-restconf:errors)",
            (string?)(await ErrorAsync(r))["error-message"], StringComparison.Ordinal);
        using var get = await server.Admin.GetAsync(Devices + "/device=FCW3");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }
}
