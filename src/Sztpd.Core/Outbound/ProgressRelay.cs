using System.Text.Json.Nodes;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Storage;

namespace Sztpd.Core.Outbound;

/// <summary>
/// Progress reports relayed to <c>relay-progress-report-callout</c> (compat section 2.10) through the outbox: queued in
/// the commit that logs the report, so a report the device was answered 204 for is delivered even if the receiver is
/// down or sztpd restarts; one device's reports in order (the outbox scope is its serial number).
/// </summary>
public static class ProgressRelay
{
    /// <summary>The outbox kind of a relayed report; its target is the callout's name.</summary>
    public const string Kind = "relay-progress";

    /// <summary>The report's <c>dynamic-callout</c> log member, and the outbox message (none without a relay callout).</summary>
    public static (JsonObject Log, IReadOnlyList<OutboxAppend> Outbox) Queue(DeviceIdentity device, JsonObject input, BootstrapContext context)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Config.RelayProgressReportCallout is not { } callout)
        {
            return (new JsonObject { ["no-callout-configured"] = new JsonArray((JsonNode?)null) }, []);
        }
        var log = new JsonObject
        {
            ["name"] = callout.Name,
            ["rpc-supported"] = CalloutInput.Module + ":" + callout.Rpc,
            ["callout-type"] = callout.Callback is null ? "webhooks" : "callback",
            ["sztpd-delivery"] = "queued",
        };
        var message = CalloutInput.FromDevice(device, context.SourceAddress, input, callout.Opaque);
        return (log, [new OutboxAppend(device.SerialNumber, Kind, callout.Name, context.Now, message.ToJsonString()) { KeepPendingPerScope = OutboxPolicy.Default.MaxPendingPerScope }]);
    }
}
