using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;

namespace Sztpd.Core.Outbound;

/// <summary>
/// Calls a dynamic callout with its input (docs/integration.md): its webhooks in order until one answers, or its plugin
/// function. Core decides what to send and what an answer means; the server implements the transport.
/// </summary>
public interface ICalloutInvoker
{
    /// <summary>
    /// The callee's answer to <paramref name="input"/> (the members of <c>wn-sztpd-rpcs:input</c>), its error, or why no
    /// answer came; never throws for what the callee does. <paramref name="config"/> holds the keys and trust the
    /// callout's webhooks use; <paramref name="idempotencyKey"/>, when given, is sent as the <c>Idempotency-Key</c> header
    /// (the same for every retry of one outbox message).
    /// </summary>
    Task<CalloutResult> CallAsync(DynamicCallout callout, JsonObject input, RunningConfiguration config, CancellationToken ct, string? idempotencyKey = null);
}
