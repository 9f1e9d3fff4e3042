using Sztpd.Pki.Keys;

namespace Sztpd.Core.Storage;

/// <summary>
/// Keys at rest: a store whose keystore documents (the host's and every tenant's) are written sealed (<see cref="SealedKeystore"/>) and read back in
/// cleartext, so the running configuration, signing and TLS see cleartext keys and the database never holds one.
/// Everything else passes through unchanged.
/// </summary>
public sealed class KeySealingDataStore : IDataStore
{
    private readonly IDataStore _inner;
    private readonly KeyRing _ring;

    private KeySealingDataStore(IDataStore inner, KeyRing ring) => (_inner, _ring) = (inner, ring);

    /// <summary>
    /// Opens every private key <paramref name="inner"/> holds with <paramref name="ring"/>, then, in one transaction,
    /// seals under its current key those stored in cleartext (by an earlier version) or under an older key. Returns the
    /// store that seals from now on and how many keys were sealed anew.
    /// </summary>
    /// <exception cref="SealedKeyException">A stored key cannot be opened with <paramref name="ring"/>; nothing was written.</exception>
    public static async Task<(KeySealingDataStore Store, int Resealed)> OpenAsync(IDataStore inner, KeyRing ring, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(ring);
        var stale = 0;
        var resealed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, json) in (await inner.LoadTopLevelAsync(ct).ConfigureAwait(false)).Where(n => IsKeystore(n.Key)))
        {
            var cleartext = SealedKeystore.Open(json, ring, out var staleHere);
            if (staleHere > 0)
            {
                resealed[name] = SealedKeystore.Seal(cleartext, ring);
                stale += staleHere;
            }
        }
        if (resealed.Count > 0)
        {
            await using var tx = await inner.BeginAsync(ct).ConfigureAwait(false);
            foreach (var (name, json) in resealed)
            {
                await tx.PutTopLevelAsync(name, json, ct).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        return (new KeySealingDataStore(inner, ring), stale);
    }

    /// <summary>Whether <paramref name="store"/> holds a sealed private key (then the key file that sealed it is needed).</summary>
    public static async Task<bool> HoldsSealedKeysAsync(IDataStore store, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return (await store.LoadTopLevelAsync(ct).ConfigureAwait(false)).Any(n => IsKeystore(n.Key) && SealedKeystore.HoldsSealed(n.Value));
    }

    /// <summary>The keystore's top-level node, the host's or a tenant's (<c>tenant/NAME/wn-sztpd-1:keystore</c>).</summary>
    private static bool IsKeystore(string name) =>
        name == SealedKeystore.TopLevel || name.EndsWith("/" + SealedKeystore.TopLevel, StringComparison.Ordinal);

    public string Dialect => _inner.Dialect;

    public Task MigrateAsync(CancellationToken ct = default) => _inner.MigrateAsync(ct);

    public Task<string?> GetMetaAsync(string key, CancellationToken ct = default) => _inner.GetMetaAsync(key, ct);

    public async Task<IReadOnlyDictionary<string, string>> LoadTopLevelAsync(CancellationToken ct = default)
    {
        var stored = await _inner.LoadTopLevelAsync(ct).ConfigureAwait(false);
        return stored.Keys.Any(IsKeystore)
            ? stored.ToDictionary(n => n.Key, n => IsKeystore(n.Key) ? SealedKeystore.Open(n.Value, _ring, out _) : n.Value, StringComparer.Ordinal)
            : stored;
    }

    public Task<StoredRow?> GetRowAsync(string listPath, string key, CancellationToken ct = default) => _inner.GetRowAsync(listPath, key, ct);

    public Task<IReadOnlyList<StoredRow>> ReadRowsAsync(string listPath, string? afterKey, int limit, CancellationToken ct = default) =>
        _inner.ReadRowsAsync(listPath, afterKey, limit, ct);

    public Task<long> CountRowsAsync(string listPath, CancellationToken ct = default) => _inner.CountRowsAsync(listPath, ct);

    public Task<IReadOnlyList<(string ListPath, StoredRow Row)>> FindRowsByKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => _inner.FindRowsByKeysAsync(keys, ct);

    public Task<IReadOnlyList<string>> FindReferencingRowsAsync(string listPath, string refPath, string value, int limit, CancellationToken ct = default) =>
        _inner.FindReferencingRowsAsync(listPath, refPath, value, limit, ct);

    public Task AppendAsync(IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        _inner.AppendAsync(entries, outbox, ct);

    public IOutboxStore Outbox => _inner.Outbox;

    public ICertificateStore Certificates => _inner.Certificates;

    public Task RecordAccessAsync(string listPath, string key, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        _inner.RecordAccessAsync(listPath, key, when, entries, outbox, ct);

    public Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default) =>
        _inner.AppendLogAsync(log, scope, timestamp, json, ct);

    public Task<IReadOnlyList<StoredLogEntry>> ReadLogPageAsync(string log, string scope, long offset, int limit, bool newestFirst, CancellationToken ct = default) =>
        _inner.ReadLogPageAsync(log, scope, offset, limit, newestFirst, ct);

    public Task<long> PruneLogAsync(string log, DateTimeOffset olderThan, string? countedScope, long keepNewest, CancellationToken ct = default) =>
        _inner.PruneLogAsync(log, olderThan, countedScope, keepNewest, ct);

    /// <summary>Not async itself: the inner store's transaction ownership (SQLite's AsyncLocal) is set in the caller's flow.</summary>
    public Task<IStoreTransaction> BeginAsync(CancellationToken ct = default) => WrapAsync(_inner.BeginAsync(ct), _ring);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private static async Task<IStoreTransaction> WrapAsync(Task<IStoreTransaction> begun, KeyRing ring) =>
        new SealingTransaction(await begun.ConfigureAwait(false), ring);

    private sealed class SealingTransaction(IStoreTransaction inner, KeyRing ring) : IStoreTransaction
    {
        public Task SetMetaAsync(string key, string value, CancellationToken ct = default) => inner.SetMetaAsync(key, value, ct);

        public Task PutTopLevelAsync(string name, string json, CancellationToken ct = default) =>
            inner.PutTopLevelAsync(name, IsKeystore(name) ? SealedKeystore.Seal(json, ring) : json, ct);

        public Task DeleteTopLevelAsync(string name, CancellationToken ct = default) => inner.DeleteTopLevelAsync(name, ct);

        public Task UpsertRowAsync(string listPath, string key, string json, IReadOnlyCollection<RowReference> references, DateTimeOffset now, CancellationToken ct = default) =>
            inner.UpsertRowAsync(listPath, key, json, references, now, ct);

        public Task<bool> DeleteRowAsync(string listPath, string key, string? rowLog = null, CancellationToken ct = default) =>
            inner.DeleteRowAsync(listPath, key, rowLog, ct);

        public Task<long> DeleteUntouchedRowsAsync(string listPath, string? rowLog = null, CancellationToken ct = default) =>
            inner.DeleteUntouchedRowsAsync(listPath, rowLog, ct);

        public Task DeleteScopeAsync(string prefix, CancellationToken ct = default) => inner.DeleteScopeAsync(prefix, ct);

        public Task AppendLogAsync(LogAppend entry, CancellationToken ct = default) => inner.AppendLogAsync(entry, ct);

        public Task AddCertificateAsync(CertificateAppend certificate, CancellationToken ct = default) => inner.AddCertificateAsync(certificate, ct);

        public Task AddOutboxAsync(OutboxAppend message, CancellationToken ct = default) => inner.AddOutboxAsync(message, ct);

        public Task CommitAsync(CancellationToken ct = default) => inner.CommitAsync(ct);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
