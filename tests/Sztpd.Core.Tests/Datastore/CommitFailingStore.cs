using Sztpd.Core.Storage;

namespace Sztpd.Core.Tests.Datastore;

/// <summary>A real store whose next transactions fail at commit once <see cref="FailCommits"/> is set, as a full disk or a lost connection makes them.</summary>
internal sealed class CommitFailingStore(IDataStore inner) : IDataStore
{
    public bool FailCommits { get; set; }

    public string Dialect => inner.Dialect;

    /// <summary>Not async itself: the SQLite store marks the caller's flow as owning the transaction before its first await.</summary>
    public Task<IStoreTransaction> BeginAsync(CancellationToken ct = default)
    {
        var begun = inner.BeginAsync(ct);
        return WrapAsync(begun);

        async Task<IStoreTransaction> WrapAsync(Task<IStoreTransaction> transaction) => new Transaction(await transaction, this);
    }

    public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);

    public Task<string?> GetMetaAsync(string key, CancellationToken ct = default) => inner.GetMetaAsync(key, ct);

    public Task<IReadOnlyDictionary<string, string>> LoadTopLevelAsync(CancellationToken ct = default) => inner.LoadTopLevelAsync(ct);

    public Task<StoredRow?> GetRowAsync(string listPath, string key, CancellationToken ct = default) => inner.GetRowAsync(listPath, key, ct);

    public Task<IReadOnlyList<StoredRow>> ReadRowsAsync(string listPath, string? afterKey, int limit, CancellationToken ct = default) =>
        inner.ReadRowsAsync(listPath, afterKey, limit, ct);

    public Task<long> CountRowsAsync(string listPath, CancellationToken ct = default) => inner.CountRowsAsync(listPath, ct);

    public Task<IReadOnlyList<(string ListPath, StoredRow Row)>> FindRowsByKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => inner.FindRowsByKeysAsync(keys, ct);

    public Task<IReadOnlyList<string>> FindReferencingRowsAsync(string listPath, string refPath, string value, int limit, CancellationToken ct = default) =>
        inner.FindReferencingRowsAsync(listPath, refPath, value, limit, ct);

    public Task AppendAsync(IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        inner.AppendAsync(entries, outbox, ct);

    public IOutboxStore Outbox => inner.Outbox;

    public ICertificateStore Certificates => inner.Certificates;

    public Task RecordAccessAsync(string listPath, string key, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        inner.RecordAccessAsync(listPath, key, when, entries, outbox, ct);

    public Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default) =>
        inner.AppendLogAsync(log, scope, timestamp, json, ct);

    public Task<IReadOnlyList<StoredLogEntry>> ReadLogPageAsync(string log, string scope, long offset, int limit, bool newestFirst, CancellationToken ct = default) =>
        inner.ReadLogPageAsync(log, scope, offset, limit, newestFirst, ct);

    public Task<long> PruneLogAsync(string log, DateTimeOffset olderThan, string? countedScope, long keepNewest, CancellationToken ct = default) =>
        inner.PruneLogAsync(log, olderThan, countedScope, keepNewest, ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class Transaction(IStoreTransaction tx, CommitFailingStore store) : IStoreTransaction
    {
        public Task SetMetaAsync(string key, string value, CancellationToken ct = default) => tx.SetMetaAsync(key, value, ct);

        public Task PutTopLevelAsync(string name, string json, CancellationToken ct = default) => tx.PutTopLevelAsync(name, json, ct);

        public Task DeleteTopLevelAsync(string name, CancellationToken ct = default) => tx.DeleteTopLevelAsync(name, ct);

        public Task UpsertRowAsync(string listPath, string key, string json, IReadOnlyCollection<RowReference> references, DateTimeOffset now, CancellationToken ct = default) =>
            tx.UpsertRowAsync(listPath, key, json, references, now, ct);

        public Task<bool> DeleteRowAsync(string listPath, string key, string? rowLog = null, CancellationToken ct = default) => tx.DeleteRowAsync(listPath, key, rowLog, ct);

        public Task<long> DeleteUntouchedRowsAsync(string listPath, string? rowLog = null, CancellationToken ct = default) => tx.DeleteUntouchedRowsAsync(listPath, rowLog, ct);

        public Task DeleteScopeAsync(string prefix, CancellationToken ct = default) => tx.DeleteScopeAsync(prefix, ct);

        public Task AppendLogAsync(LogAppend entry, CancellationToken ct = default) => tx.AppendLogAsync(entry, ct);

        public Task AddCertificateAsync(CertificateAppend certificate, CancellationToken ct = default) => tx.AddCertificateAsync(certificate, ct);

        public Task AddOutboxAsync(OutboxAppend message, CancellationToken ct = default) => tx.AddOutboxAsync(message, ct);

        public Task CommitAsync(CancellationToken ct = default) =>
            store.FailCommits ? throw new IOException("disk full (test)") : tx.CommitAsync(ct);

        public ValueTask DisposeAsync() => tx.DisposeAsync();
    }
}
