using System.Text.Json.Nodes;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Outbound;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Tests.Outbound;

/// <summary>
/// <see cref="ResponseCallout"/>: what a device gets when a dynamic callout computes its response (compat section
/// 2.10), for each kind of answer.
/// </summary>
public sealed class ResponseCalloutTests
{
    private static JsonObject Log => new() { ["name"] = "compute" };

    private static readonly RunningConfiguration Config = new()
    {
        Listeners = [],
        AdminAccounts = [],
        Authentication = new AuthenticationPreferences(),
        DeviceTypes = new Dictionary<string, DeviceType>(),
        Blocks = new ConveyedInformationBlocks(),
        Keystore = new Keystore(new Dictionary<string, KeystoreKey>()),
        Truststore = new Truststore(new Dictionary<string, IReadOnlyList<TrustCertificate>>()),
        DynamicCallouts = new Dictionary<string, DynamicCallout> { ["compute"] = new() { Name = "compute", Rpc = DynamicCallout.GetBootstrappingData, Opaque = "tenant-7" } },
    };

    private static readonly DeviceIdentity Device = new("SN-1", new Device { SerialNumber = "SN-1" }, null);

    private static Task<(JsonObject? Conveyed, JsonObject Details, RestconfError? Error)> RunAsync(CalloutResult result, FakeCallouts? callee = null) =>
        ResponseCallout.RunAsync(callee ?? new FakeCallouts((_, _) => result), Device, "192.0.2.7", JsonNode.Parse("""{"hw-model": "m"}""")!.AsObject(), "compute", Config, default);

    [Fact]
    public async Task TheCalleeGets_SerialSourceInputAndOpaque()
    {
        var callee = new FakeCallouts((_, _) => new CalloutResult { Output = JsonNode.Parse("""{"ietf-sztp-conveyed-info:redirect-information": {"bootstrap-server": [{"address": "b.example"}]}}""")!.AsObject(), Log = Log });

        var (conveyed, details, error) = await RunAsync(null!, callee);

        Assert.Null(error);
        Assert.Equal("""{"serial-number":"SN-1","source-ip-address":"192.0.2.7","from-device":{"ietf-sztp-bootstrap-server:input":{"hw-model":"m"}},"opaque":"tenant-7"}""",
            Assert.Single(callee.Calls).Input.ToJsonString());
        Assert.Equal("b.example", (string?)conveyed!["ietf-sztp-conveyed-info:redirect-information"]!["bootstrap-server"]![0]!["address"]);
        Assert.Equal("compute", (string?)details["dynamic-callout"]!["name"]);
    }

    [Theory]
    [InlineData("""{"ietf-sztp-conveyed-info:onboarding-information": {"boot-image": {"download-uri": "not-a-list"}}}""")]
    [InlineData("""{"ietf-sztp-conveyed-info:onboarding-information": {}, "ietf-sztp-conveyed-info:redirect-information": {}}""")]
    [InlineData("""{"conveyed-information": {}}""")]
    public async Task AnAnswerThatIsNotConveyedInformation_Is500_SayingWhy(string answer)
    {
        var (conveyed, _, error) = await RunAsync(new CalloutResult { Output = JsonNode.Parse(answer)!.AsObject(), Log = Log });

        Assert.Null(conveyed);
        Assert.Equal((500, "operation-not-supported"), (error!.Status, error.Tag));
        Assert.StartsWith("Server encountered an error while trying to generate a response: the dynamic callout \"compute\" answered no conveyed information: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCalleesError_IsWhatTheDeviceGets()
    {
        var refusal = new RestconfError(403, "application", "access-denied", "Not this week.");

        var (_, details, error) = await RunAsync(new CalloutResult { Error = refusal, Log = Log });

        Assert.Same(refusal, error);
        Assert.Equal("compute", (string?)details["dynamic-callout"]!["name"]);
    }

    [Fact]
    public async Task NoAnswer_Is500_WithTheReason()
    {
        var (_, _, error) = await RunAsync(new CalloutResult { Failure = "no webhook answered (a: timed out).", Log = Log });

        Assert.Equal((500, "Server encountered an error while trying to generate a response: no webhook answered (a: timed out)."), (error!.Status, error.Message));
    }
}
