using Sztpd.Core.Storage;

namespace Sztpd.Core.Tenancy;

/// <summary>
/// One tenant's view of the store (docs/multi-tenancy.md): everything it keeps is named under the tenant's prefix
/// (<see cref="TenantNames.Prefix"/>): meta keys, top-level nodes, row lists, log names and outbox targets. Row keys
/// and log scopes (serial numbers) are not prefixed: a serial number belongs to one tenant at most. The tenant sees
/// only its own; the inner store is the host's, which owns and disposes it.
/// </summary>
public sealed class TenantDataStore(IDataStore inner, string tenant) : IDataStore
{
    private readonly string _prefix = TenantNames.Prefix(tenant);

    public string Dialect => inner.Dialect;

    public IOutboxStore Outbox => new TenantOutbox(inner.Outbox, _prefix);

    public ICertificateStore Certificates => new TenantCertificates(inner.Certificates, _prefix);

    /// <summary>The host's store migrates the database.</summary>
    public Task MigrateAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<string?> GetMetaAsync(string key, CancellationToken ct = default) => inner.GetMetaAsync(_prefix + key, ct);

    public async Task<IReadOnlyDictionary<string, string>> LoadTopLevelAsync(CancellationToken ct = default) =>
        Own(await inner.LoadTopLevelAsync(ct).ConfigureAwait(false));

    /// <summary>The tenant's top-level nodes among all of the store's, names without the prefix.</summary>
    public IReadOnlyDictionary<string, string> Own(IReadOnlyDictionary<string, string> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        return all.Where(n => n.Key.StartsWith(_prefix, StringComparison.Ordinal)).ToDictionary(n => n.Key[_prefix.Length..], n => n.Value, StringComparer.Ordinal);
    }

    public Task<StoredRow?> GetRowAsync(string listPath, string key, CancellationToken ct = default) => inner.GetRowAsync(_prefix + listPath, key, ct);

    public Task<IReadOnlyList<StoredRow>> ReadRowsAsync(string listPath, string? afterKey, int limit, CancellationToken ct = default) =>
        inner.ReadRowsAsync(_prefix + listPath, afterKey, limit, ct);

    public Task<long> CountRowsAsync(string listPath, CancellationToken ct = default) => inner.CountRowsAsync(_prefix + listPath, ct);

    public async Task<IReadOnlyList<(string ListPath, StoredRow Row)>> FindRowsByKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) =>
        [.. (await inner.FindRowsByKeysAsync(keys, ct).ConfigureAwait(false))
            .Where(r => r.ListPath.StartsWith(_prefix, StringComparison.Ordinal)).Select(r => (r.ListPath[_prefix.Length..], r.Row))];

    public Task<IReadOnlyList<string>> FindReferencingRowsAsync(string listPath, string refPath, string value, int limit, CancellationToken ct = default) =>
        inner.FindReferencingRowsAsync(_prefix + listPath, refPath, value, limit, ct);

    public Task RecordAccessAsync(string listPath, string key, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        inner.RecordAccessAsync(_prefix + listPath, key, when, Scoped(entries), Scoped(outbox), ct);

    public Task AppendAsync(IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        inner.AppendAsync(Scoped(entries), Scoped(outbox), ct);

    public Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default) =>
        inner.AppendLogAsync(_prefix + log, scope, timestamp, json, ct);

    public Task<long> PruneLogAsync(string log, DateTimeOffset olderThan, string? countedScope, long keepNewest, CancellationToken ct = default) =>
        inner.PruneLogAsync(_prefix + log, olderThan, countedScope, keepNewest, ct);

    public Task<IReadOnlyList<StoredLogEntry>> ReadLogPageAsync(string log, string scope, long offset, int limit, bool newestFirst, CancellationToken ct = default) =>
        inner.ReadLogPageAsync(_prefix + log, scope, offset, limit, newestFirst, ct);

    /// <summary>Not async itself: the inner store's transaction ownership (SQLite's AsyncLocal) is set in the caller's flow.</summary>
    public Task<IStoreTransaction> BeginAsync(CancellationToken ct = default) => WrapAsync(inner.BeginAsync(ct), _prefix);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IReadOnlyList<LogAppend> Scoped(IReadOnlyList<LogAppend> entries) => [.. entries.Select(e => e with { Log = _prefix + e.Log })];

    private IReadOnlyList<OutboxAppend> Scoped(IReadOnlyList<OutboxAppend> messages) => [.. messages.Select(m => m with { Target = _prefix + m.Target })];

    private static async Task<IStoreTransaction> WrapAsync(Task<IStoreTransaction> begun, string prefix) =>
        new TenantTransaction(await begun.ConfigureAwait(false), prefix);

    private sealed class TenantTransaction(IStoreTransaction inner, string prefix) : IStoreTransaction
    {
        public Task SetMetaAsync(string key, string value, CancellationToken ct = default) => inner.SetMetaAsync(prefix + key, value, ct);

        public Task PutTopLevelAsync(string name, string json, CancellationToken ct = default) => inner.PutTopLevelAsync(prefix + name, json, ct);

        public Task DeleteTopLevelAsync(string name, CancellationToken ct = default) => inner.DeleteTopLevelAsync(prefix + name, ct);

        public Task UpsertRowAsync(string listPath, string key, string json, IReadOnlyCollection<RowReference> references, DateTimeOffset now, CancellationToken ct = default) =>
            inner.UpsertRowAsync(prefix + listPath, key, json, references, now, ct);

        public Task<bool> DeleteRowAsync(string listPath, string key, string? rowLog = null, CancellationToken ct = default) =>
            inner.DeleteRowAsync(prefix + listPath, key, rowLog is null ? null : prefix + rowLog, ct);

        public Task<long> DeleteUntouchedRowsAsync(string listPath, string? rowLog = null, CancellationToken ct = default) =>
            inner.DeleteUntouchedRowsAsync(prefix + listPath, rowLog is null ? null : prefix + rowLog, ct);

        public Task DeleteScopeAsync(string scopePrefix, CancellationToken ct = default) => inner.DeleteScopeAsync(prefix + scopePrefix, ct);

        public Task AppendLogAsync(LogAppend entry, CancellationToken ct = default) => inner.AppendLogAsync(entry with { Log = prefix + entry.Log }, ct);

        public Task AddOutboxAsync(OutboxAppend message, CancellationToken ct = default) => inner.AddOutboxAsync(message with { Target = prefix + message.Target }, ct);

        public Task AddCertificateAsync(CertificateAppend certificate, CancellationToken ct = default) =>
            inner.AddCertificateAsync(certificate with { Scope = prefix + certificate.Scope }, ct);

        public Task CommitAsync(CancellationToken ct = default) => inner.CommitAsync(ct);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>The tenant's certificates, in its scope.</summary>
    private sealed class TenantCertificates(ICertificateStore inner, string prefix) : ICertificateStore
    {
        public Task AddAsync(CertificateAppend certificate, CancellationToken ct = default) => inner.AddAsync(certificate with { Scope = prefix + certificate.Scope }, ct);

        public Task<IReadOnlyList<StoredCertificate>> ReadAsync(string scope, string? issuer, long offset, int limit, bool newestFirst = false, CancellationToken ct = default) =>
            inner.ReadAsync(prefix + scope, issuer, offset, limit, newestFirst, ct);

        public Task<StoredCertificate?> FindAsync(string scope, string issuer, string serial, CancellationToken ct = default) => inner.FindAsync(prefix + scope, issuer, serial, ct);

        public Task<StoredCertificate?> RevokeAsync(string scope, string issuer, string serial, DateTimeOffset when, string reason, CancellationToken ct = default) =>
            inner.RevokeAsync(prefix + scope, issuer, serial, when, reason, ct);

        public Task<IReadOnlyList<Pki.Certificates.RevocationList.Entry>> ReadRevokedAsync(string scope, string issuer, DateTimeOffset expiringAfter, CancellationToken ct = default) =>
            inner.ReadRevokedAsync(prefix + scope, issuer, expiringAfter, ct);

        public Task<long> CountAsync(string scope, string holder, DateTimeOffset expiringAfter, CancellationToken ct = default) =>
            inner.CountAsync(prefix + scope, holder, expiringAfter, ct);

        public Task<long> PruneExpiredAsync(DateTimeOffset expiredBefore, CancellationToken ct = default) =>
            throw new NotSupportedException("The records of issued certificates are pruned as a whole, through the host's store.");
    }

    /// <summary>The tenant's part of the outbox, for reading (the worker delivers from the whole one).</summary>
    private sealed class TenantOutbox(IOutboxStore inner, string prefix) : IOutboxStore
    {
        public Task<IReadOnlyList<OutboxMessage>> ReadAsync(OutboxState state, long offset, int limit, bool newestFirst = false, string? targetPrefix = null, CancellationToken ct = default) =>
            inner.ReadAsync(state, offset, limit, newestFirst, prefix + targetPrefix, ct);

        public Task<long> CountAsync(OutboxState state, string? targetPrefix = null, CancellationToken ct = default) => inner.CountAsync(state, prefix + targetPrefix, ct);

        public Task<IReadOnlyList<OutboxMessage>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) => throw Whole();

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default) => throw Whole();

        public Task DeliveredAsync(long id, CancellationToken ct = default) => throw Whole();

        public Task RetryAsync(long id, DateTimeOffset due, int attempts, string error, CancellationToken ct = default) => throw Whole();

        public Task DeadAsync(long id, int attempts, string error, CancellationToken ct = default) => throw Whole();

        public Task<long> PruneDeadAsync(DateTimeOffset olderThan, CancellationToken ct = default) => throw Whole();

        public Task<long> ReviveDeadAsync(IReadOnlyCollection<long>? ids, DateTimeOffset now, CancellationToken ct = default) => throw Whole();

        public Task<long> DiscardDeadAsync(IReadOnlyCollection<long>? ids, CancellationToken ct = default) => throw Whole();

        private static NotSupportedException Whole() => new("The outbox is delivered, retried and pruned as a whole, through the host's store.");
    }
}
