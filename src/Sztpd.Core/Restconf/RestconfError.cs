using System.Text.Json.Nodes;

namespace Sztpd.Core.Restconf;

/// <summary>
/// One <c>error</c> entry of <c>ietf-restconf:errors</c> (RFC 8040 section 7.1) with the HTTP status it maps to; <c>Info</c>
/// is the <c>error-info</c> content (e.g. RFC 9646's <c>ietf-sztp-csr:csr-request</c>).
/// </summary>
public sealed record RestconfError(int Status, string Type, string Tag, string? Message = null, string? Path = null, string? AppTag = null, JsonObject? Info = null)
{
    public static RestconfError InvalidValue(string message, string? path = null) => new(400, "application", "invalid-value", message, path);

    public static RestconfError UnknownElement(string message, string? path = null) => new(400, "protocol", "unknown-element", message, path);

    public static RestconfError Malformed(string message) => new(400, "protocol", "malformed-message", message);

    public static RestconfError MissingElement(string message, string? path = null) => new(400, "application", "missing-element", message, path);

    public static RestconfError DataExists(string message, string? path = null) => new(409, "application", "data-exists", message, path);

    public static RestconfError NotFound(string message, string? path = null) => new(404, "protocol", "invalid-value", message, path);

    public static RestconfError OperationFailed(string message, string? path = null) => new(400, "application", "operation-failed", message, path);

    public static RestconfError AccessDenied(int status, string? message = null) => new(status, "protocol", "access-denied", message);

    /// <summary>The <c>ietf-restconf:errors</c> document for one or more errors.</summary>
    public static JsonObject ToDocument(IEnumerable<RestconfError> errors)
    {
        var list = new JsonArray();
        foreach (var e in errors)
        {
            var o = new JsonObject { ["error-type"] = e.Type, ["error-tag"] = e.Tag };
            if (e.AppTag is not null)
            {
                o["error-app-tag"] = e.AppTag;
            }
            if (e.Path is not null)
            {
                o["error-path"] = e.Path;
            }
            if (e.Message is not null)
            {
                o["error-message"] = e.Message;
            }
            if (e.Info is not null)
            {
                o["error-info"] = e.Info.DeepClone();
            }
            list.Add(o);
        }
        return new JsonObject { ["ietf-restconf:errors"] = new JsonObject { ["error"] = list } };
    }
}
