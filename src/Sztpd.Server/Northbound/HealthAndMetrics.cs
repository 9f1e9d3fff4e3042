using OpenTelemetry;
using OpenTelemetry.Metrics;
using Sztpd.Core.Storage;
using Sztpd.Server.Cli;
using Sztpd.Storage;

namespace Sztpd.Server.Northbound;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> on every listener, before any authentication and without an audit entry (a probe
/// every second must not fill the audit log; they tell nothing but alive and ready), and <c>/metrics</c>: the
/// instruments of <see cref="Metrics"/> and <see cref="StorageMetrics"/> in the Prometheus text format, which
/// <see cref="RestconfHandler"/> serves only on the native interface, to an authenticated admin (docs/configuration.md,
/// "Health and metrics").
/// </summary>
internal sealed class HealthAndMetrics : IDisposable
{
    public const string Healthz = "/healthz";
    public const string Readyz = "/readyz";
    public const string MetricsPath = "/metrics";

    /// <summary>How long <c>/readyz</c> waits for the database before it answers 503.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(2);

    private readonly IDataStore _store;
    private readonly ServerState _state;
    private readonly TimeProvider _time;
    private readonly MeterProvider _meters;
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private readonly RequestDelegate _export;

    public HealthAndMetrics(IDataStore store, ServerState state, TimeProvider time)
    {
        (_store, _state, _time) = (store, state, time);
        _meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(Metrics.MeterName, StorageMetrics.MeterName)
            .AddPrometheusExporter(o =>
            {
                // Every scrape sees the counts of the moment, and only sztpd's own series, without OpenTelemetry's labels.
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
            })
            .Build();
        // The exporter's own middleware, run by RestconfHandler once the admin is authenticated.
        var exporter = new ApplicationBuilder(_services);
        exporter.UseOpenTelemetryPrometheusScrapingEndpoint(_meters, _ => true, null, null, null);
        _export = exporter.Build();
    }

    /// <summary>Answers <c>/healthz</c> or <c>/readyz</c> (GET, HEAD); false for any other request.</summary>
    public async Task<bool> TryAnswerProbeAsync(HttpContext ctx, string rawPath)
    {
        if (rawPath is not (Healthz or Readyz) || !IsRead(ctx))
        {
            return false;
        }
        var notReady = rawPath == Readyz ? await NotReadyAsync(ctx.RequestAborted).ConfigureAwait(false) : null;
        ctx.Response.StatusCode = notReady is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-store";
        await ctx.Response.WriteAsync(notReady is not null ? $"not ready: {notReady}\n" : rawPath == Readyz ? "ready\n" : "alive\n").ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes the metrics for <c>/metrics</c> (GET, HEAD) of an authenticated admin; false for any other request.</summary>
    public async Task<bool> TryWriteMetricsAsync(HttpContext ctx, string rawPath)
    {
        if (rawPath != MetricsPath || !IsRead(ctx))
        {
            return false;
        }
        await _export(ctx).ConfigureAwait(false);
        return true;
    }

    /// <summary>Why the server is not ready (a reason that names no host, file or error text), or null when it is.</summary>
    private async Task<string?> NotReadyAsync(CancellationToken aborted)
    {
        if (_state.Listeners is not { Serving: true })
        {
            return "the listeners are not bound";
        }
        using var timeout = new CancellationTokenSource(ReadyTimeout, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, aborted);
        try
        {
            // The cheapest query there is: one meta row.
            await _store.GetMetaAsync(FirstTimeInit.ModeKey, either.Token).WaitAsync(either.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            return $"the database did not answer within {ReadyTimeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return "the database cannot be reached";
        }
    }

    private static bool IsRead(HttpContext ctx) => HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method);

    public void Dispose()
    {
        _meters.Dispose();
        _services.Dispose();
    }
}
