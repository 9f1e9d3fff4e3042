using System.Text.Json.Nodes;
using Sztpd.Core.Accounts;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Outbound;
using Sztpd.Core.Storage;
using Sztpd.Server.Outbound;
using Sztpd.Server.Tenancy;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Every <see cref="Interval"/>, notifies what came within notice of expiring, or expired, since the last scan
/// (<see cref="Expirations"/>): the keystore's and truststore's certificates, the devices' ownership vouchers, and admin
/// passwords under an aging policy (their accounts are e-mailed too); in mode x the host's and every tenant's, each
/// tenant's notified in its own notification log. The
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

    /// <summary>Scans the host's datastore (<paramref name="store"/>, <paramref name="datastore"/>) and every tenant's (mode x).</summary>
    public ExpiryWatch(IDataStore store, RunningDatastore datastore, Func<Tenants?> tenants, OutboxWorker outbox, TimeProvider time, ILogger log) =>
        _loop = RunAsync(store, datastore, tenants, outbox, time, log, _stop.Token);

    private static async Task RunAsync(IDataStore store, RunningDatastore datastore, Func<Tenants?> tenants, OutboxWorker outbox, TimeProvider time, ILogger log, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    var now = time.GetUtcNow();
                    var notified = await ScanAsync(store, datastore, now, ct).ConfigureAwait(false);
                    foreach (var tenant in tenants()?.All ?? [])
                    {
                        // A tenant being deleted is skipped: its notices would outlive it.
                        if (tenant.TryEnter())
                        {
                            try
                            {
                                notified += await ScanAsync(tenant.Store, tenant.Datastore, now, ct).ConfigureAwait(false);
                            }
                            finally
                            {
                                tenant.Exit();
                            }
                        }
                    }
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

    /// <summary>One scan of a datastore (the host's or a tenant's, <paramref name="store"/> its part of the store) up to <paramref name="now"/>; returns how many records it notified.</summary>
    private static async Task<int> ScanAsync(IDataStore store, RunningDatastore datastore, DateTimeOffset now, CancellationToken ct)
    {
        var config = ConfigurationMapper.Map(datastore.Running);
        var devicesPath = datastore.RowLists[0].ListPath;
        var scans = await store.ReadLogPageAsync(ScanLog, "", 0, 1, newestFirst: true, ct).ConfigureAwait(false);
        var last = scans.Count > 0 ? scans[0].Timestamp : DateTimeOffset.MinValue;
        var due = new List<(JsonObject Record, Expirations.Expiring? Item)>();
        var more = 0;
        void Consider(Expirations.Expiring item)
        {
            if (Expirations.Record(item, last, now) is { } record)
            {
                if (due.Count < MaxPerScan)
                {
                    due.Add((record, item));
                }
                else
                {
                    more++;
                }
            }
        }
        foreach (var item in Expirations.Certificates(config).Concat(Expirations.Passwords(config, datastore.Accounts)))
        {
            Consider(item);
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
            }, null));
        }
        var written = due.Select(d => Notifications.Of(d.Record, d.Item?.SerialNumber ?? "", config, now)).ToList();
        // The admin whose password expires is told too, as the seeds' "account-deactivation warnings".
        var warnings = due.Where(d => d.Item?.Account is not null).Select(d => new OutboxAppend(d.Item!.Account!, AccountStates.EmailKind, "smtp", now,
            AccountEmails.PasswordNotice(d.Item.Account!, d.Item.Expires, (string?)d.Record["event"] == "password-expired").ToJsonString()));
        await store.AppendAsync(
            [.. written.SelectMany(w => w.Entries), new LogAppend(ScanLog, "", now, "{}") { KeepPerScope = 1 }],
            [.. written.SelectMany(w => w.Outbox), .. config.Email is null ? [] : warnings], ct).ConfigureAwait(false);
        return due.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
