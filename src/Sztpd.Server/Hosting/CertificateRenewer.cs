using System.Text.Json.Nodes;
using Sztpd.Core.Certificates;
using Sztpd.Core.Configuration;
using Sztpd.Core.Datastore;
using Sztpd.Core.Outbound;
using Sztpd.Core.Storage;
using Sztpd.Server.Outbound;
using Sztpd.Server.Outbound.Acme;
using Sztpd.Server.Tenancy;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Renews the managed certificates (docs/certificates.md) of the host's datastore and, in mode x, every tenant's, when
/// they come due, and places the ACME orders that are due (<see cref="AcmeIssuer"/>): it sleeps until the next one is
/// due, at most <see cref="Interval"/> (a renewal that failed is tried again then), or until <see cref="Wake"/> (an edit of
/// a keystore). A renewal is a commit of the datastore; the listeners serve its certificate from the next handshake.
/// A failure is notified (<c>certificate-renewal-failed</c>) once until that key renews.
/// </summary>
internal sealed class CertificateRenewer : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly HashSet<string> _notified = new(StringComparer.Ordinal);
    private readonly AcmeIssuer _acme;
    private readonly LoopSleep _sleep;

    public CertificateRenewer(IDataStore store, RunningDatastore datastore, Func<Tenants?> tenants, OutboxWorker outbox, AcmeIssuer acme, TimeProvider time, ILogger log)
    {
        (_acme, _sleep) = (acme, new LoopSleep(time));
        _loop = RunAsync(store, datastore, tenants, outbox, time, log, _stop.Token);
    }

    /// <summary>Ends the current sleep (or the next one): what an edit made due (an ACME key's placeholder) is looked at now.</summary>
    public void Wake() => _sleep.Wake();

    /// <summary>Sleeps until <paramref name="until"/> on sztpd's clock (a clock that moved past it meanwhile ends the sleep), or until <see cref="Wake"/>.</summary>
    private async Task SleepAsync(DateTimeOffset until, TimeProvider time, CancellationToken ct)
    {
        await _sleep.SleepAsync(until - time.GetUtcNow(), until, ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    private async Task RunAsync(IDataStore store, RunningDatastore datastore, Func<Tenants?> tenants, OutboxWorker outbox, TimeProvider time, ILogger log, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var scopes = Scopes(store, datastore, tenants());
                var now = time.GetUtcNow();
                var next = scopes.Select(s => ManagedKeys.NextRenewal(s.Datastore.Running)).Where(d => d is not null).Min() ?? now + Interval;
                if (next > now)
                {
                    await SleepAsync(next - now < Interval ? next : now + Interval, time, ct).ConfigureAwait(false);
                    continue;
                }
                var progressed = false;
                try
                {
                    progressed = await RenewAsync(scopes, time, log, ct).ConfigureAwait(false);
                    outbox.Wake();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.RenewalFailed(log, e);
                }
                if (!progressed)
                {
                    // What failed (or could not be tried: a tenant being deleted) is due still: tried again after the interval, not at
                    // once, not even when this pass's own commits woke the loop.
                    _sleep.Forget();
                    await SleepAsync(now + Interval, time, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static List<(string Scope, IDataStore Store, RunningDatastore Datastore, Tenant? Tenant)> Scopes(IDataStore store, RunningDatastore datastore, Tenants? tenants) =>
        [("", store, datastore, null), .. (tenants?.All ?? []).Select(t => ($" of tenant \"{t.Name}\"", (IDataStore)t.Store, t.Datastore, (Tenant?)t))];

    /// <summary>Renews what is due in every scope; returns whether something was renewed and nothing failed.</summary>
    private async Task<bool> RenewAsync(List<(string Scope, IDataStore Store, RunningDatastore Datastore, Tenant? Tenant)> scopes, TimeProvider time, ILogger log, CancellationToken ct)
    {
        var (renewedAny, failed) = (false, false);
        foreach (var (scope, store, datastore, tenant) in scopes)
        {
            // A tenant being deleted is skipped: its notices would outlive it.
            if (tenant is not null && !tenant.TryEnter())
            {
                continue;
            }
            try
            {
                var (renewed, failures) = await _acme.RenewAsync(datastore, new HashSet<string>(), time.GetUtcNow(), ct).ConfigureAwait(false);
                failed |= failures.Count > 0;
                renewedAny |= renewed.Count > 0;
                if (renewed.Count > 0)
                {
                    Log.CertificatesRenewed(log, scope, string.Join(", ", renewed));
                }
                // A key renewed and failing still (an ACME certificate due at once) stays notified.
                _notified.RemoveWhere(n => n.StartsWith(scope + "\n", StringComparison.Ordinal) && renewed.Contains(n[(scope.Length + 1)..])
                    && !failures.Any(f => f.Key == n[(scope.Length + 1)..]));
                var config = ConfigurationMapper.Map(datastore.Running);
                var now = time.GetUtcNow();
                var notices = new List<(IReadOnlyList<LogAppend> Entries, IReadOnlyList<OutboxAppend> Outbox)>();
                foreach (var failure in failures)
                {
                    Log.CertificateNotRenewed(log, failure.Key, scope, failure.Reason);
                    if (_notified.Add(scope + "\n" + failure.Key))
                    {
                        notices.Add(Notifications.Of(new JsonObject
                        {
                            ["timestamp"] = RunningDatastore.Timestamp(now),
                            ["event"] = "certificate-renewal-failed",
                            ["subject"] = $"keystore asymmetric-key \"{failure.Key}\"",
                            ["message"] = failure.Reason,
                        }, "", config, now));
                    }
                }
                if (notices.Count > 0)
                {
                    await store.AppendAsync([.. notices.SelectMany(n => n.Entries)], [.. notices.SelectMany(n => n.Outbox)], ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One scope's failure (its database gone) does not keep the others from renewing.
                Log.RenewalFailed(log, e);
                failed = true;
            }
            finally
            {
                tenant?.Exit();
            }
        }
        return renewedAny && !failed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _sleep.Dispose();
    }
}
