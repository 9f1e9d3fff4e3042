using Sztpd.Core.Limits;
using Sztpd.Core.Outbound;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Prunes the audit and notification logs (by age and count) and the bootstrapping logs (by age) of the host and of every
/// tenant (mode x), and the outbox's dead messages (by age), every <see cref="LogRetention.Interval"/>;
/// a device's own count limit is kept as its entries are appended (<see cref="LogAppend.KeepPerScope"/>).
/// </summary>
internal sealed class LogPruner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Prunes <paramref name="store"/>'s logs and outbox, and the logs of the tenants' stores <paramref name="tenants"/> gives.</summary>
    public LogPruner(IDataStore store, Func<IEnumerable<IDataStore>> tenants, LogRetention retention, TimeProvider time, ILogger log) =>
        _loop = RunAsync(store, tenants, retention, time, log, _stop.Token);

    private static async Task RunAsync(IDataStore store, Func<IEnumerable<IDataStore>> tenants, LogRetention retention, TimeProvider time, ILogger log, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(retention.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    var now = time.GetUtcNow();
                    long audit = 0, bootstrapping = 0;
                    foreach (var scope in tenants().Prepend(store))
                    {
                        audit += await scope.PruneLogAsync("audit", now - retention.AuditMaxAge, "", retention.AuditMaxEntries, ct).ConfigureAwait(false);
                        // The notification log is kept as the audit log is.
                        audit += await scope.PruneLogAsync(Notifications.Log, now - retention.AuditMaxAge, "", retention.AuditMaxEntries, ct).ConfigureAwait(false);
                        bootstrapping += await scope.PruneLogAsync("bootstrapping", now - retention.BootstrappingMaxAge, null, 0, ct).ConfigureAwait(false);
                    }
                    var dead = await store.Outbox.PruneDeadAsync(now - retention.BootstrappingMaxAge, ct).ConfigureAwait(false);
                    // An issued certificate's record is kept until it has been expired as long as the audit log keeps entries.
                    await store.Certificates.PruneExpiredAsync(now - retention.AuditMaxAge, ct).ConfigureAwait(false);
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
