using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Schema;
using Sztpd.Core.Yang;
using Sztpd.Server.Cli;
using Sztpd.Server.Hosting;

namespace Sztpd.Server;

/// <summary>
/// Every instrument <c>sztpd</c> measures with (System.Diagnostics.Metrics), exported on <c>/metrics</c>
/// (docs/configuration.md, "Health and metrics"); the store's own are in <see cref="Storage.StorageMetrics"/>. Each label
/// takes a few fixed values: never a path, an address, a user or a serial number.
/// </summary>
internal static class Metrics
{
    public const string MeterName = "Sztpd.Server";

    private const string GetBootstrappingDataPath = "/restconf/operations/ietf-sztp-bootstrap-server:" + BootstrapRpcs.GetBootstrappingData;
    private const string ReportProgressPath = "/restconf/operations/ietf-sztp-bootstrap-server:" + BootstrapRpcs.ReportProgress;

    private static readonly Meter Meter = new(MeterName, HelpText.Version);

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "sztpd.requests", "{request}", "HTTP requests answered, by the interface of their listener and the class of their status.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "sztpd.request.duration", "s", "Time from a request's arrival at sztpd's handler until its answer is written.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> DeviceRpcs = Meter.CreateCounter<long>(
        "sztpd.bootstrap.rpcs", "{request}", "RFC 8572 RPCs of devices, by RPC and result: what was sent, the progress reported, or the error-tag.");

    private static readonly Counter<long> OutboxAttempts = Meter.CreateCounter<long>(
        "sztpd.outbox.attempts", "{attempt}", "Deliveries of outbox messages tried, by kind and outcome: delivered, retried (failed, tried again later) or dead (given up).");

    /// <summary>Counts one delivery attempt of an outbox message.</summary>
    public static void OutboxDelivered(string kind, string outcome) => OutboxAttempts.Add(1, new("kind", kind), new("outcome", outcome));

    private static readonly Counter<long> DatabaseErrors = Meter.CreateCounter<long>(
        "sztpd.database.errors", "{error}", "Calls to the database that failed, by whether they read or wrote.");

    /// <summary>Starts measuring a request; disposing it (once the answer is written) counts it and records its duration.</summary>
    public static RequestMeasurement Request(HttpContext ctx, ListenerHost? listeners) =>
        new(ctx, listeners?.Find(ctx.Connection.LocalPort)?.UseFor == EndpointSpec.Rfc8572 ? "rfc8572-interface" : "native-interface");

    /// <summary>Counts an RFC 8572 RPC of an authenticated device by its outcome (other requests of the device are not RPCs).</summary>
    public static void Bootstrapped(HttpContext ctx, string rawPath, BootstrapOutcome outcome)
    {
        if (Rpc(ctx, rawPath) is { } rpc)
        {
            DeviceRpcs.Add(1, new("rpc", rpc), new("result", Result(rpc, outcome)));
        }
    }

    /// <summary>Counts an RFC 8572 RPC whose device was not authenticated (401, or 429 while throttled).</summary>
    public static void DeviceRefused(HttpContext ctx, string rawPath)
    {
        if (Rpc(ctx, rawPath) is { } rpc)
        {
            DeviceRpcs.Add(1, new("rpc", rpc), new("result", "access-denied"));
        }
    }

    public static void DatabaseFailed(string operation) => DatabaseErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    private static string? Rpc(HttpContext ctx, string rawPath) => !HttpMethods.IsPost(ctx.Request.Method) ? null : rawPath.TrimEnd('/') switch
    {
        GetBootstrappingDataPath => BootstrapRpcs.GetBootstrappingData,
        ReportProgressPath => BootstrapRpcs.ReportProgress,
        _ => null,
    };

    /// <summary>
    /// The error-tag of a failed RPC; else <c>onboarding-information</c> or <c>redirect-information</c> (what was sent), or
    /// the <c>progress-type</c> reported (a value of the schema's enumeration: it was validated).
    /// </summary>
    private static string Result(string rpc, BootstrapOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            return error.Tag;
        }
        var details = outcome.Details?[rpc + "-event"] as JsonObject;
        if (rpc == BootstrapRpcs.ReportProgress)
        {
            return details?["passed-input"] is JsonObject input && input["progress-type"] is JsonValue v && v.TryGetValue<string>(out var type)
                && ProgressTypes.Names.Contains(type) ? type : "other";
        }
        return details?["response-details"]?["managed-response"]?["conveyed-information"] is JsonObject { Count: 1 } sent
            && sent.First().Key is "onboarding-information" or "redirect-information" ? sent.First().Key : "other";
    }

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    /// <summary>One request being measured: from its arrival until disposed, after the answer is written.</summary>
    public sealed class RequestMeasurement(HttpContext ctx, string listenerInterface) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public void Dispose()
        {
            var tags = new TagList { { "interface", listenerInterface }, { "status_class", StatusClass(ctx.Response.StatusCode) } };
            Requests.Add(1, tags);
            Duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
        }
    }

    /// <summary>The progress types of report-progress (RFC 8572 section 7.3), read from the schema when first needed.</summary>
    private static class ProgressTypes
    {
        public static readonly FrozenSet<string> Names =
            ((LeafNode)SouthboundSchema.Input(BootstrapRpcs.ReportProgress).FindDataChild(SouthboundSchema.Module, "progress-type")!)
                .Type.Enums.Select(e => e.Key).ToFrozenSet(StringComparer.Ordinal);
    }
}
