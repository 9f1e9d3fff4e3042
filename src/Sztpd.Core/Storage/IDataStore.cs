namespace Sztpd.Core.Storage;

/// <summary>
/// Persistence for the datastore (architecture.md "Large lists are tables, not documents"):
/// <list type="bullet">
/// <item>meta values (schema version, mode, revision counter);</item>
/// <item>configuration top-level nodes, one JSON document each (RFC 7951 text), without row lists;</item>
/// <item>row lists (e.g. <c>/wn-sztpd-1:devices/device</c>): one row per list entry, keyed by the
/// entry's key, with the leafref values the entry holds (so "is X still referenced" is an indexed query)
/// and the entry's lifecycle counters;</item>
/// <item>append-only logs (audit log, per-device bootstrapping logs).</item>
/// </list>
/// Reads may run concurrently; writes happen in <see cref="IStoreTransaction"/>, one per edit.
/// </summary>
public interface IDataStore : IAsyncDisposable
{
    /// <summary>Human-readable dialect name: sqlite, postgresql, mysql.</summary>
    string Dialect { get; }

    /// <summary>Creates the tables if missing and applies forward migrations. Idempotent.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    Task<string?> GetMetaAsync(string key, CancellationToken ct = default);

    /// <summary>All configuration top-level nodes: qualified name (e.g. <c>wn-sztpd-1:transport</c>) → JSON.</summary>
    Task<IReadOnlyDictionary<string, string>> LoadTopLevelAsync(CancellationToken ct = default);

    Task<StoredRow?> GetRowAsync(string listPath, string key, CancellationToken ct = default);

    /// <summary>Rows of a list in key order (ordinal), after <paramref name="afterKey"/> (exclusive), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredRow>> ReadRowsAsync(string listPath, string? afterKey, int limit, CancellationToken ct = default);

    Task<long> CountRowsAsync(string listPath, CancellationToken ct = default);

    /// <summary>
    /// The rows of every list keyed one of <paramref name="keys"/> (at most <see cref="PruneBatch"/>), with their list
    /// paths (mode x: a device in whichever tenant holds it; one indexed read).
    /// </summary>
    Task<IReadOnlyList<(string ListPath, StoredRow Row)>> FindRowsByKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default);

    /// <summary>Keys of rows of <paramref name="listPath"/> holding <paramref name="value"/> at leafref <paramref name="refPath"/> (at most <paramref name="limit"/>).</summary>
    Task<IReadOnlyList<string>> FindReferencingRowsAsync(string listPath, string refPath, string value, int limit, CancellationToken ct = default);

    /// <summary>
    /// What one southbound request writes, in one commit: an access of a row (lifecycle statistics: count+1,
    /// first/last accessed), the request's log entries, and the messages it sends out (<paramref name="outbox"/>).
    /// </summary>
    Task RecordAccessAsync(string listPath, string key, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default);

    /// <summary>What a background job records, in one commit: log entries and the messages they send out.</summary>
    Task AppendAsync(IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default);

    /// <summary>The outbox, whose messages <see cref="RecordAccessAsync"/> and <see cref="AppendAsync"/> add.</summary>
    IOutboxStore Outbox { get; }

    /// <summary>The certificates sztpd issued, and their revocations.</summary>
    ICertificateStore Certificates { get; }

    /// <summary>Appends a log entry to log <paramref name="log"/> (e.g. "audit", "bootstrapping") of <paramref name="scope"/> (e.g. "" or a serial number). Returns its sequence id.</summary>
    Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default);

    /// <summary>
    /// Deletes, oldest first, the entries of log <paramref name="log"/> older than <paramref name="olderThan"/>, then the
    /// entries of its scope <paramref name="countedScope"/> beyond the newest <paramref name="keepNewest"/> (null: no
    /// count limit), in batches of at most <see cref="PruneBatch"/>, each its own commit. Returns how many were deleted.
    /// </summary>
    Task<long> PruneLogAsync(string log, DateTimeOffset olderThan, string? countedScope, long keepNewest, CancellationToken ct = default);

    /// <summary>The most log entries one commit of <see cref="PruneLogAsync"/> deletes.</summary>
    const int PruneBatch = 1000;

    /// <summary>Log entries (the only way to read a log): after skipping <paramref name="offset"/>, at most <paramref name="limit"/>, oldest first or <paramref name="newestFirst"/>.</summary>
    Task<IReadOnlyList<StoredLogEntry>> ReadLogPageAsync(string log, string scope, long offset, int limit, bool newestFirst, CancellationToken ct = default);

    Task<IStoreTransaction> BeginAsync(CancellationToken ct = default);
}

/// <summary>One write transaction: nothing is visible to readers until <see cref="CommitAsync"/>; disposing without commit rolls back.</summary>
public interface IStoreTransaction : IAsyncDisposable
{
    Task SetMetaAsync(string key, string value, CancellationToken ct = default);

    Task PutTopLevelAsync(string name, string json, CancellationToken ct = default);

    Task DeleteTopLevelAsync(string name, CancellationToken ct = default);

    /// <summary>
    /// Inserts or replaces a row. On insert, <c>Created</c> = <paramref name="now"/> and <c>ModifiedCount</c> = 0;
    /// on update with different JSON, <c>ModifiedCount</c> + 1 (unchanged JSON: counters untouched).
    /// Either way the row is marked as touched by this transaction and its references are replaced.
    /// </summary>
    Task UpsertRowAsync(string listPath, string key, string json, IReadOnlyCollection<RowReference> references, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Deletes a row, and with it the entries of log <paramref name="rowLog"/> scoped to its key (a deleted device's
    /// bootstrapping log), in this transaction. Returns whether the row existed.
    /// </summary>
    Task<bool> DeleteRowAsync(string listPath, string key, string? rowLog = null, CancellationToken ct = default);

    /// <summary>
    /// Deletes every row of the list not upserted in this transaction (whole-list replace), and with them the entries of
    /// log <paramref name="rowLog"/> scoped to their keys (a deleted device's bootstrapping log). Returns the deleted rows' count.
    /// </summary>
    Task<long> DeleteUntouchedRowsAsync(string listPath, string? rowLog = null, CancellationToken ct = default);

    /// <summary>
    /// Deletes everything stored under <paramref name="prefix"/> (a tenant's scope, <c>tenant/NAME/</c>): meta values,
    /// top-level nodes, rows and their references, whose names, list paths or keys start with it, log entries whose log
    /// name does, and outbox messages whose target does.
    /// </summary>
    Task DeleteScopeAsync(string prefix, CancellationToken ct = default);

    /// <summary>Appends a log entry in this transaction (e.g. the notification of a certificate an edit issued).</summary>
    Task AppendLogAsync(LogAppend entry, CancellationToken ct = default);

    /// <summary>Records a certificate the edit issued (a managed key's), in this transaction.</summary>
    Task AddCertificateAsync(CertificateAppend certificate, CancellationToken ct = default);

    /// <summary>Adds a message to the outbox in this transaction (e.g. an e-mail an edit sends).</summary>
    Task AddOutboxAsync(OutboxAppend message, CancellationToken ct = default);

    Task CommitAsync(CancellationToken ct = default);
}

/// <summary>A leafref value held inside a row: schema path of the leafref leaf and the value.</summary>
public sealed record RowReference(string RefPath, string Value);

public sealed record StoredRow(
    string Key,
    string Json,
    DateTimeOffset Created,
    long ModifiedCount,
    long AccessCount,
    DateTimeOffset? FirstAccessed,
    DateTimeOffset? LastAccessed);

public sealed record StoredLogEntry(long Id, DateTimeOffset Timestamp, string Json);

/// <summary>
/// A log entry to append (see <see cref="IDataStore.RecordAccessAsync"/>); with <see cref="KeepPerScope"/>, the older
/// entries of its scope beyond that many are deleted in the same commit (a device's bootstrapping log stays bounded).
/// </summary>
public sealed record LogAppend(string Log, string Scope, DateTimeOffset Timestamp, string Json)
{
    public long? KeepPerScope { get; init; }
}
