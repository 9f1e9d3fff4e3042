using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Rules;

public sealed partial class SztpdRules
{
    private static readonly string[] CalloutInputs =
        ["wn-sztpd-1:dynamic-callouts", "wn-sztpd-1:preferences", "wn-sztpd-1:keystore", "wn-sztpd-1:truststore", "wn-sztpd-1:device-types"];

    /// <summary>
    /// Dynamic callouts must be usable as configured (docs/integration.md): each is used for the RPC it implements, a
    /// webhook's client identity names a key and certificate. Whether a plugin can be loaded is the server's check (it
    /// starts plugins).
    /// </summary>
    private static void CheckCallouts(JsonObject config, JsonObject old, List<RestconfError> errors)
    {
        if (CalloutInputs.All(n => config[n]?.ToJsonString() == old[n]?.ToJsonString()))
        {
            return;
        }
        var typed = ConfigurationMapper.Map(config);
        foreach (var callout in typed.DynamicCallouts.Values)
        {
            var path = $"/wn-sztpd-1:dynamic-callouts/dynamic-callout={callout.Name}";
            foreach (var webhook in callout.Webhooks)
            {
                if (webhook.ClientIdentity is { } identity && typed.Keystore.Read(identity, out var error) is null)
                {
                    errors.Add(RestconfError.OperationFailed($"Webhook \"{webhook.Name}\" cannot present its client-identity: {error}",
                        $"{path}/webhooks/webhook={webhook.Name}/https/tls-client-parameters/sztpd-ext:client-identity"));
                }
            }
        }
        Expect(typed, typed.RelayProgressReportCallout?.Name, DynamicCallout.ReportProgress, "/wn-sztpd-1:preferences/outbound-interactions/relay-progress-report-callout", errors);
        Expect(typed, typed.RelayNotificationCallout?.Name, DynamicCallout.RelayNotificationLogRecord,
            "/wn-sztpd-1:preferences/outbound-interactions/sztpd-ext:relay-notification-log-record-callout", errors);
        Expect(typed, typed.DeviceOwnershipVerification?.Name, DynamicCallout.VerifyDeviceOwnership,
            "/wn-sztpd-1:preferences/wn-sztpd-x:device-ownership-verification/dynamic-callout", errors);
        foreach (var type in typed.DeviceTypes.Values)
        {
            var path = $"/wn-sztpd-1:device-types/device-type={type.Name}";
            Expect(typed, type.OwnershipAuthorization, DynamicCallout.VerifyDeviceOwnership, $"{path}/ownership-authorization", errors);
            CheckResponses(typed, type.Responses, $"{path}/sztpd-ext:response-manager", errors);
        }
    }

    /// <summary>A device's responses that name a dynamic callout: it must compute get-bootstrapping-data responses.</summary>
    private static void CheckDeviceCallouts(RowList list, JsonObject device, JsonObject config, List<RestconfError> errors)
    {
        if (list.List.Name == "device")
        {
            CheckResponses(ConfigurationMapper.Map(config), ConfigurationMapper.Device(device).Responses,
                $"/wn-sztpd-1:devices/device={device["serial-number"]}/response-manager", errors);
        }
    }

    private static void CheckResponses(RunningConfiguration typed, IReadOnlyList<MatchedResponse> responses, string path, List<RestconfError> errors)
    {
        foreach (var response in responses.Where(r => r.Response.Kind == ResponseKind.DynamicCallout))
        {
            Expect(typed, response.Response.Name, DynamicCallout.GetBootstrappingData, $"{path}/matched-response={response.Name}", errors);
        }
    }

    /// <summary>The callout named <paramref name="name"/> (if any) implements <paramref name="rpc"/>.</summary>
    private static void Expect(RunningConfiguration typed, string? name, string rpc, string path, List<RestconfError> errors)
    {
        if (name is not null && typed.DynamicCallouts.TryGetValue(name, out var callout) && callout.Rpc != rpc)
        {
            errors.Add(RestconfError.InvalidValue($"The dynamic callout \"{name}\" implements \"{callout.Rpc}\", not \"{rpc}\", so it cannot be used here.", path));
        }
    }

}
