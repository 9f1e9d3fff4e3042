using System.Text;
using System.Text.Json.Nodes;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Limits;
using Sztpd.Core.Tests.Configuration;
using Sztpd.Pki.Cms;
using Sztpd.Testing;

namespace Sztpd.Core.Tests.Bootstrapping;

/// <summary>The two RFC 8572 RPCs for an authenticated device, without HTTP: what the device gets and what its log records.</summary>
public sealed class BootstrapRpcsTests : IClassFixture<OpiConfigurationFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly OpiConfigurationFixture _opi;

    public BootstrapRpcsTests(OpiConfigurationFixture opi) => _opi = opi;

    private (DeviceIdentity Third, RunningConfiguration Config) Third()
    {
        var running = _opi.Running();
        var config = ConfigurationMapper.Map(running);
        var device = ConfigurationMapper.Device(running["wn-sztpd-1:devices"]!["device"]![2]!.AsObject());
        return (new DeviceIdentity(device.SerialNumber, device, config.DeviceTypeOf(device.DeviceType)), config);
    }

    /// <summary>A request's context with no callout to call (these responses name none).</summary>
    private static BootstrapContext Context(RunningConfiguration config) => new(config, Now, InputLimits.Default, "192.0.2.1", FakeCallouts.None);

    private static byte[] Request(string name) => Encoding.UTF8.GetBytes(TestData.OpiData("opiproject-sztp/requests", name));

    [Fact]
    public async Task BootstrappingData_OpiThird_Is200WithSztpdsConveyedInformation_AndLogsWhatWasChosen()
    {
        var (third, config) = Third();

        var outcome = await BootstrapRpcs.BootstrappingDataAsync(third, Request("get-bootstrapping-data.input.json"), RestconfEncoding.Json, Context(config));

        Assert.Equal(200, outcome.Status);
        Assert.Null(outcome.Error);
        var conveyed = ConveyedInformationCms.Decode(Convert.FromBase64String((string)outcome.Output!["ietf-sztp-bootstrap-server:output"]!["conveyed-information"]!));
        Assert.Equal(TestData.OpiData("samples", "expected-third-conveyed-information.decoded.json").TrimEnd('\n'), Encoding.UTF8.GetString(conveyed.Payload));
        Assert.Equal("catch-all-response", (string?)outcome.Details!["selected-response"]);
        Assert.Equal("model-x", (string?)outcome.Details["passed-input"]!["hw-model"]);
    }

    [Fact]
    public async Task BootstrappingData_UnparsableInput_Is400_AndLogsWhatWasSent()
    {
        var (third, config) = Third();

        var outcome = (await BootstrapRpcs.BootstrappingDataAsync(third, "{not json"u8.ToArray(), RestconfEncoding.Json, Context(config))).AsEvent(BootstrapRpcs.GetBootstrappingData);

        Assert.Equal((400, "malformed-message"), (outcome.Status, outcome.Error!.Tag));
        var entry = outcome.LogEntry(Now, "192.0.2.1", "POST", "/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data", InputLimits.Default.MaxLoggedText);
        Assert.Equal(400, (int)entry["return-code"]!);
        Assert.Equal("{not json", (string?)entry["event-details"]!["get-bootstrapping-data-event"]!["passed-input"]!["unparsable-input"]);
        Assert.Equal("malformed-message", (string?)entry["error-returned"]!["ietf-restconf:errors"]!["error"]![0]!["error-tag"]);
    }

    [Fact]
    public void Progress_Is204WithNoCallout_WithoutInputIs400()
    {
        var (third, config) = Third();

        var reported = BootstrapRpcs.Progress(third, Request("report-progress.input.json"), RestconfEncoding.Json, Context(config));
        var empty = BootstrapRpcs.Progress(third, null, null, Context(config));

        Assert.Equal(204, reported.Status);
        Assert.Equal("bootstrap-initiated", (string?)reported.Details!["passed-input"]!["progress-type"]);
        Assert.True(((JsonObject)reported.Details["dynamic-callout"]!).ContainsKey("no-callout-configured"));
        Assert.Empty(reported.Outbox);
        Assert.Equal((400, "malformed-message"), (empty.Status, empty.Error!.Tag));
    }

    /// <summary>With a relay callout, the report is queued for it in the outbox (scope: the serial number), and the log says so.</summary>
    [Fact]
    public void Progress_WithARelayCallout_QueuesTheReportForIt()
    {
        var (third, config) = Third();
        var relay = new DynamicCallout { Name = "relay", Rpc = DynamicCallout.ReportProgress, Opaque = "o" };
        config = config with { DynamicCallouts = new Dictionary<string, DynamicCallout> { ["relay"] = relay }, RelayProgressReportCallout = relay };

        var reported = BootstrapRpcs.Progress(third, Request("report-progress.input.json"), RestconfEncoding.Json, Context(config));

        Assert.Equal(204, reported.Status);
        var message = Assert.Single(reported.Outbox);
        Assert.Equal(("third-serial-number", "relay-progress", "relay", Now), (message.Scope, message.Kind, message.Target, message.Created));
        var input = JsonNode.Parse(message.Json)!;
        Assert.Equal("bootstrap-initiated", (string?)input["from-device"]!["ietf-sztp-bootstrap-server:input"]!["progress-type"]);
        Assert.Equal(("192.0.2.1", "o"), ((string?)input["source-ip-address"], (string?)input["opaque"]));
        Assert.Equal("queued", (string?)reported.Details!["dynamic-callout"]!["sztpd-delivery"]);
    }

    [Fact]
    public async Task BootstrappingData_ACaThatCannotBeUsed_Is500_SayingWhy()
    {
        var type = new DeviceType { Name = "t", Csr = new CsrPolicy(new KeystoreReference("ca-key", "ca-cert"), false, 365) };
        var device = new Device { SerialNumber = "SN-1", DeviceType = "t", Responses = [new MatchedResponse("all", [], new ResponseReference(ResponseKind.OnboardingInformation, "o"))] };
        var config = new RunningConfiguration
        {
            Listeners = [],
            AdminAccounts = [],
            Authentication = new AuthenticationPreferences(),
            DeviceTypes = new Dictionary<string, DeviceType> { ["t"] = type },
            Blocks = new ConveyedInformationBlocks { OnboardingResponses = new Dictionary<string, OnboardingResponse> { ["o"] = new("o", null, null, null, null) } },
            Keystore = new Keystore(new Dictionary<string, KeystoreKey>()),
            Truststore = new Truststore(new Dictionary<string, IReadOnlyList<TrustCertificate>>()),
        };
        var input = """{"ietf-sztp-bootstrap-server:input": {"ietf-sztp-csr:p10-csr": "AAAA"}}"""u8.ToArray();

        var outcome = await BootstrapRpcs.BootstrappingDataAsync(new DeviceIdentity("SN-1", device, type), input, RestconfEncoding.Json, Context(config));

        Assert.Equal((500, "operation-failed"), (outcome.Status, outcome.Error!.Tag));
        Assert.Equal("The response could not be built: The keystore has no certificate \"ca-cert\" with a private key under asymmetric-key \"ca-key\".", outcome.Error.Message);
        Assert.Equal("all", (string?)outcome.Details!["selected-response"]);
    }
}
