using System.Text.Json.Nodes;
using Sztpd.Core.Limits;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Bootstrapping;

/// <summary>
/// What one southbound request came to, in one shape for every step: the status, the RPC output to send (200), the
/// error to send instead (any other status but 204), the bootstrapping log's <c>event-details</c>, and what it sends
/// out. The server maps it to HTTP once.
/// </summary>
public sealed record BootstrapOutcome(int Status, JsonObject? Output = null, RestconfError? Error = null, JsonObject? Details = null)
{
    /// <summary>What the request sends out, added to the outbox in the commit of its log entry (a relayed progress report).</summary>
    public IReadOnlyList<Storage.OutboxAppend> Outbox { get; init; } = [];

    /// <summary>Entries of other logs the request adds in the same commit (its notifications).</summary>
    public IReadOnlyList<Storage.LogAppend> Logs { get; init; } = [];

    /// <summary>The certificate issued to the device from its CSR (RFC 9646), recorded before the answer goes out.</summary>
    public Storage.CertificateAppend? Issued { get; init; }

    public static BootstrapOutcome Failed(RestconfError error, JsonObject? details = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.Status, null, error, details);
    }

    /// <summary>The details under the RPC's event name (<c>get-bootstrapping-data-event</c>, <c>report-progress-event</c>).</summary>
    public BootstrapOutcome AsEvent(string rpc) => Details is null ? this : this with { Details = new JsonObject { [rpc + "-event"] = Details } };

    /// <summary>
    /// The bootstrapping-log entry of the request (SZTPD's shape, compat section 3.4); the path and the error message,
    /// which may quote the request, are cut at <paramref name="maxText"/> characters and marked.
    /// </summary>
    public JsonObject LogEntry(DateTimeOffset timestamp, string sourceIp, string method, string path, int maxText)
    {
        var entry = new JsonObject
        {
            ["timestamp"] = Datastore.RunningDatastore.Timestamp(timestamp),
            ["source-ip"] = sourceIp,
            ["method"] = method,
            ["path"] = LoggedText.Bound(path, maxText),
            ["return-code"] = Status,
        };
        if (Error is not null)
        {
            entry["error-returned"] = RestconfError.ToDocument([Error.Message is { } m ? Error with { Message = LoggedText.Bound(m, maxText) } : Error]);
        }
        if (Details is not null)
        {
            entry["event-details"] = Details;
        }
        return entry;
    }
}
