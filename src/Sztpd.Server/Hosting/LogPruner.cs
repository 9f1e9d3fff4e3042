using Sztpd.Core.Limits;
using Sztpd.Core.Outbound;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Prunes the audit and notification logs (by age and count), the bootstrapping logs and the outbox's dead messages (by age) every
/// <see cref="LogRetention.Interval"/>;
/// a device's own count limit is kept as its entries are appended (<see cref="LogAppend.KeepPerScope"/>).
/// </summary>
internal sealed class LogPruner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LogPruner(IDataStore store, LogRetention retention, TimeProvider time, ILogger log) =>
        _loop = RunAsync(store, retention, time, log, _stop.Token);

    private static async Task RunAsync(IDataStore store, LogRetention retention, TimeProvider time, ILogger log, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(retention.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    var now = time.GetUtcNow();
                    var audit = await store.PruneLogAsync("audit", now - retention.AuditMaxAge, "", retention.AuditMaxEntries, ct).ConfigureAwait(false);
                    // The notification log is kept as the audit log is.
                    audit += await store.PruneLogAsync(Notifications.Log, now - retention.AuditMaxAge, "", retention.AuditMaxEntries, ct).ConfigureAwait(false);
                    var bootstrapping = await store.PruneLogAsync("bootstrapping", now - retention.BootstrappingMaxAge, null, 0, ct).ConfigureAwait(false);
                    var dead = await store.Outbox.PruneDeadAsync(now - retention.BootstrappingMaxAge, ct).ConfigureAwait(false);
                    if (audit + bootstrapping + dead > 0)
                    {
                        Log.LogsPruned(log, audit, bootstrapping, dead);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.LogPruningFailed(log, e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
