using System.Text.Json.Nodes;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Data;
using Sztpd.Core.Restconf;
using Sztpd.Core.Schema;

namespace Sztpd.Core.Outbound;

/// <summary>
/// A get-bootstrapping-data answered by a dynamic callout (compat section 2.10): the callee answers conveyed
/// information (redirect or onboarding information, as RFC 8572's yang-data), or an error the device gets as it is.
/// </summary>
public static class ResponseCallout
{
    private const string Redirect = SouthboundSchema.ConveyedInfoModule + ":redirect-information";
    private const string Onboarding = SouthboundSchema.ConveyedInfoModule + ":onboarding-information";

    /// <summary>Calls the callout the response names; the conveyed information, the log's <c>response-details</c>, or the error for the device.</summary>
    public static async Task<(JsonObject? Conveyed, JsonObject Details, RestconfError? Error)> RunAsync(
        ICalloutInvoker invoker, DeviceIdentity device, string sourceAddress, JsonObject? input, string? name, RunningConfiguration config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(config);
        if (name is null || !config.DynamicCallouts.TryGetValue(name, out var callout))
        {
            // The edit-time leafref check makes this unreachable; said, not thrown.
            return (null, new JsonObject(), Failed($"the dynamic callout \"{name}\" is not configured."));
        }
        var result = await invoker.CallAsync(callout, CalloutInput.FromDevice(device, sourceAddress, input, callout.Opaque), config, ct).ConfigureAwait(false);
        var details = new JsonObject { ["dynamic-callout"] = result.Log };
        if (result.Error is { } error)
        {
            return (null, details, error);
        }
        if (result.Failure is { } failure)
        {
            return (null, details, Failed(failure));
        }
        var (conveyed, why) = Conveyed(result.Output);
        return conveyed is null ? (null, details, Failed($"the dynamic callout \"{name}\" answered no conveyed information: {why}")) : (conveyed, details, null);
    }

    /// <summary>The callee's answer as conveyed information, normalized against RFC 8572's yang-data; else why not.</summary>
    private static (JsonObject? Conveyed, string? Why) Conveyed(JsonObject? output)
    {
        if (output is not { Count: 1 } || output.First().Key is not (Redirect or Onboarding))
        {
            return (null, $"expected one member, \"{Redirect}\" or \"{Onboarding}\".");
        }
        var validator = new InstanceValidator(SouthboundSchema.Context, config: false);
        var normalized = validator.NormalizeObject(SouthboundSchema.ConveyedInformation, output, "/");
        if (!validator.IsValid || normalized.Count != 1)
        {
            return (null, validator.Errors.Count > 0 ? validator.Errors[0].Message ?? validator.Errors[0].Tag : "it is empty.");
        }
        // Members of the yang-data structure come back unqualified; conveyed information names its module.
        var (name, value) = normalized.First();
        normalized.Remove(name);
        return (new JsonObject { [SouthboundSchema.ConveyedInfoModule + ":" + name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..]] = value }, null);
    }

    /// <summary>SZTPD's answer when its plugin raised (compat section 2.10): 500, operation-not-supported.</summary>
    private static RestconfError Failed(string why) =>
        new(500, "application", "operation-not-supported", "Server encountered an error while trying to generate a response: " + why);
}
