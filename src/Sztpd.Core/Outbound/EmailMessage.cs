using System.Text.Json.Nodes;

namespace Sztpd.Core.Outbound;

/// <summary>An e-mail as the outbox keeps it until it is sent: <c>{"to": [...], "subject": ..., "text": ...}</c>.</summary>
public static class EmailMessage
{
    /// <summary>The outbox kind of an e-mail; its target is <c>smtp</c> (the configured server).</summary>
    public const string Kind = "email";

    /// <summary>The e-mail of a notification-log record to <paramref name="to"/>: what happened, to which device or what, in one line, then the record.</summary>
    public static JsonObject Of(IReadOnlyList<string> to, JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(record);
        // A device's event names the device; an expiry names what expires.
        var summary = record["subject"] is { } subject ? $"{record["event"]}: {subject}" : $"{record["event"]} on device {record["serial-number"]}";
        var text = $"sztpd: {summary}, at {record["timestamp"]}"
            + (record["source-ip"] is { } source ? $", from {source}" : "")
            + (record["expires"] is { } expires ? $"; it expires at {expires}" : "")
            + "."
            + (record["message"] is { } message ? $"\nThe device said: {message}" : "")
            + $"\n\n{record.ToJsonString()}\n";
        return new JsonObject { ["to"] = new JsonArray([.. to.Select(a => (JsonNode)a)]), ["subject"] = "sztpd: " + summary, ["text"] = text };
    }
}
