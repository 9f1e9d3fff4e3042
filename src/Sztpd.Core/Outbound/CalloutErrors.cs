using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Outbound;

/// <summary>A callee's <c>ietf-restconf:errors</c>: its first error, with the HTTP status SZTPD maps its tag to (compat section 3.5).</summary>
public static class CalloutErrors
{
    /// <summary>The first error of <paramref name="document"/>, or null when it is not an <c>ietf-restconf:errors</c> document.</summary>
    public static RestconfError? FirstError(JsonObject? document)
    {
        if (document?["ietf-restconf:errors"]?["error"] is not JsonArray { Count: > 0 } errors || errors[0] is not JsonObject e
            || (string?)e["error-tag"] is not { } tag)
        {
            return null;
        }
        return new RestconfError(StatusOf(tag), (string?)e["error-type"] ?? "application", tag, (string?)e["error-message"], (string?)e["error-path"],
            (string?)e["error-app-tag"], e["error-info"] as JsonObject is { } info ? (JsonObject)info.DeepClone() : null);
    }

    /// <summary>The status of an error tag (compat section 3.5; RFC 8040 section 7).</summary>
    public static int StatusOf(string tag) => tag switch
    {
        "invalid-value" or "too-big" or "missing-attribute" or "bad-attribute" or "unknown-attribute" or "bad-element" or "unknown-element"
            or "unknown-namespace" or "malformed-message" or "missing-element" => 400,
        "access-denied" => 403,
        "in-use" or "lock-denied" or "resource-denied" or "data-exists" or "data-missing" => 409,
        "operation-not-supported" => 501,
        _ => 500,
    };
}
