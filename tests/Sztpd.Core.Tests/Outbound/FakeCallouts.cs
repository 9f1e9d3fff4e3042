using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Outbound;

namespace Sztpd.Core.Tests;

/// <summary>
/// A hand-written callee for Core's own tests (the real webhooks are the server tests'): answers what it was given and
/// records every call.
/// </summary>
internal sealed class FakeCallouts(Func<DynamicCallout, JsonObject, CalloutResult> answer) : ICalloutInvoker
{
    /// <summary>For requests whose responses name no callout: any call fails the test.</summary>
    public static FakeCallouts None { get; } = new((c, _) => throw new InvalidOperationException($"Unexpected call of the dynamic callout \"{c.Name}\"."));

    public List<(DynamicCallout Callout, JsonObject Input)> Calls { get; } = [];

    public Task<CalloutResult> CallAsync(DynamicCallout callout, JsonObject input, RunningConfiguration config, CancellationToken ct, string? idempotencyKey = null)
    {
        Calls.Add((callout, input));
        return Task.FromResult(answer(callout, input));
    }
}
