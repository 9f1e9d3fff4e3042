using System.Text.Json.Nodes;

namespace Sztpd.Core.Outbound;

/// <summary>An e-mail as the outbox keeps it until it is sent: <c>{"to": [...], "subject": ..., "text": ...}</c>.</summary>
public static class EmailMessage
{
    /// <summary>The outbox kind of an e-mail; its target is <c>smtp</c> (the configured server).</summary>
    public const string Kind = "email";

    /// <summary>The e-mail of a notification-log record to <paramref name="to"/>: what happened to which device, in one line, then the record.</summary>
    public static JsonObject Of(IReadOnlyList<string> to, JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(record);
        var summary = $"{record["event"]} on device {record["serial-number"]}";
        var text = $"sztpd: {summary} at {record["timestamp"]}, from {record["source-ip"]}."
            + (record["message"] is { } message ? $"\nThe device said: {message}" : "")
            + $"\n\n{record.ToJsonString()}\n";
        return new JsonObject { ["to"] = new JsonArray([.. to.Select(a => (JsonNode)a)]), ["subject"] = "sztpd: " + summary, ["text"] = text };
    }
}
