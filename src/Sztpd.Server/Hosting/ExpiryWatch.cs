using System.Text.Json.Nodes;
using Sztpd.Core.Configuration;
using Sztpd.Core.Outbound;
using Sztpd.Core.Storage;
using Sztpd.Server.Outbound;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Every <see cref="Interval"/>, notifies what came within notice of expiring, or expired, since the last scan
/// (<see cref="Expirations"/>): the keystore's and truststore's certificates and the devices' ownership vouchers. The
/// notifications and the scan's time are written in one commit (the time is a one-entry log), so a scan missed while
/// sztpd was stopped is made up for at the next, and none is notified twice.
/// </summary>
internal sealed class ExpiryWatch : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>The most expirations notified one by one per scan; the rest in one summary.</summary>
    public const int MaxPerScan = 1000;

    private const string ScanLog = "expiry-watch";
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ExpiryWatch(IDataStore store, Func<RunningConfiguration> config, string devicesPath, OutboxWorker outbox, TimeProvider time, ILogger log) =>
        _loop = RunAsync(store, config, devicesPath, outbox, time, log, _stop.Token);

    private static async Task RunAsync(IDataStore store, Func<RunningConfiguration> config, string devicesPath, OutboxWorker outbox, TimeProvider time, ILogger log, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    var now = time.GetUtcNow();
                    var notified = await ScanAsync(store, config(), devicesPath, now, ct).ConfigureAwait(false);
                    if (notified > 0)
                    {
                        outbox.Wake();
                    }
                    Log.ExpiryScanned(log, Core.Datastore.RunningDatastore.Timestamp(now), notified);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ExpiryScanFailed(log, e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One scan up to <paramref name="now"/>; returns how many records it notified.</summary>
    private static async Task<int> ScanAsync(IDataStore store, RunningConfiguration config, string devicesPath, DateTimeOffset now, CancellationToken ct)
    {
        var scans = await store.ReadLogPageAsync(ScanLog, "", 0, 1, newestFirst: true, ct).ConfigureAwait(false);
        var last = scans.Count > 0 ? scans[0].Timestamp : DateTimeOffset.MinValue;
        var due = new List<(JsonObject Record, string Scope)>();
        var more = 0;
        void Consider(Expirations.Expiring item)
        {
            if (Expirations.Record(item, last, now) is { } record)
            {
                if (due.Count < MaxPerScan)
                {
                    due.Add((record, item.SerialNumber ?? ""));
                }
                else
                {
                    more++;
                }
            }
        }
        foreach (var certificate in Expirations.Certificates(config))
        {
            Consider(certificate);
        }
        string? after = null;
        while (true)
        {
            var rows = await store.ReadRowsAsync(devicesPath, after, 1000, ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                foreach (var voucher in Expirations.Vouchers(ConfigurationMapper.Device(JsonNode.Parse(row.Json)!.AsObject())))
                {
                    Consider(voucher);
                }
            }
            if (rows.Count < 1000)
            {
                break;
            }
            after = rows[^1].Key;
        }
        if (more > 0)
        {
            due.Add((new JsonObject
            {
                ["timestamp"] = Core.Datastore.RunningDatastore.Timestamp(now),
                ["event"] = "expirations-summarized",
                ["subject"] = $"{more} more certificates or vouchers came within notice of expiring, or expired, than the {MaxPerScan} notified one by one.",
            }, ""));
        }
        var written = due.Select(d => Notifications.Of(d.Record, d.Scope, config, now)).ToList();
        await store.AppendAsync(
            [.. written.SelectMany(w => w.Entries), new LogAppend(ScanLog, "", now, "{}") { KeepPerScope = 1 }],
            [.. written.SelectMany(w => w.Outbox)], ct).ConfigureAwait(false);
        return due.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
