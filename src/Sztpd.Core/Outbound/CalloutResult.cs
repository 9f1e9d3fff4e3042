using System.Text.Json.Nodes;
using Sztpd.Core.Restconf;

namespace Sztpd.Core.Outbound;

/// <summary>
/// What a dynamic callout gave: an answer (<see cref="Output"/>, the body of a 2xx, may be empty), the callee's own
/// <c>ietf-restconf:errors</c> (<see cref="Error"/>, with the status compat section 3.5 maps its tag to), or no usable
/// answer (<see cref="Failure"/>, the reason: every webhook down, timed out, or answering what is not JSON).
/// <see cref="Log"/> is the <c>dynamic-callout</c> member of the log entry: the callout's name, RPC, type and each
/// attempt's result.
/// </summary>
public sealed record CalloutResult
{
    public JsonObject? Output { get; init; }

    public RestconfError? Error { get; init; }

    public string? Failure { get; init; }

    public required JsonObject Log { get; init; }

    public bool Succeeded => Error is null && Failure is null;
}
