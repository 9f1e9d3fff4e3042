using System.Text.Json.Nodes;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Configuration;
using Sztpd.Core.Limits;
using Sztpd.Core.Storage;

namespace Sztpd.Core.Outbound;

/// <summary>
/// The notification log (operational <c>sztpd-ext:notification-log</c>, docs/integration.md): what an operator should
/// hear of, each record added in the commit of the event, and relayed through the outbox to
/// <c>relay-notification-log-record-callout</c> when one is set (SZTPD Gen-2's input shape, <c>notification-log-record</c>),
/// and e-mailed to <c>email/notify</c> (<see cref="EmailMessage"/>).
/// </summary>
public static class Notifications
{
    /// <summary>The log's name in the store (scope "").</summary>
    public const string Log = "notification";

    /// <summary>The outbox kind of a relayed record.</summary>
    public const string Kind = "relay-notification";

    /// <summary>A progress report's notification: for bootstrap-complete and bootstrap-error only.</summary>
    public static (IReadOnlyList<LogAppend> Entries, IReadOnlyList<OutboxAppend> Outbox) OfProgress(DeviceIdentity device, JsonObject input, BootstrapContext context)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        if ((string?)input["progress-type"] is not ({ } type and ("bootstrap-complete" or "bootstrap-error")))
        {
            return ([], []);
        }
        var record = new JsonObject
        {
            ["timestamp"] = Datastore.RunningDatastore.Timestamp(context.Now),
            ["event"] = type,
            ["serial-number"] = device.SerialNumber,
            ["source-ip"] = context.SourceAddress,
        };
        if ((string?)input["message"] is { } message)
        {
            record["message"] = LoggedText.Bound(message, context.Limits.MaxLoggedText);
        }
        return Of(record, device.SerialNumber, context.Config, context.Now);
    }

    /// <summary>
    /// What notifying <paramref name="record"/> writes: its notification-log entry, and the outbox messages relaying
    /// and mailing it (ordered with the others of <paramref name="scope"/>).
    /// </summary>
    public static (IReadOnlyList<LogAppend> Entries, IReadOnlyList<OutboxAppend> Outbox) Of(JsonObject record, string scope, RunningConfiguration config, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(config);
        var outbox = new List<OutboxAppend>();
        if (config.RelayNotificationCallout is { } callout)
        {
            outbox.Add(new OutboxAppend(scope, Kind, callout.Name, now, new JsonObject { ["notification-log-record"] = record.DeepClone() }.ToJsonString())
            {
                KeepPendingPerScope = OutboxPolicy.Default.MaxPendingPerScope,
            });
        }
        if (config.Email is { Notify.Count: > 0 } email)
        {
            outbox.Add(new OutboxAppend(scope, EmailMessage.Kind, "smtp", now, EmailMessage.Of(email.Notify, record).ToJsonString())
            {
                KeepPendingPerScope = OutboxPolicy.Default.MaxPendingPerScope,
            });
        }
        return ([new LogAppend(Log, "", now, record.ToJsonString())], outbox);
    }
}
