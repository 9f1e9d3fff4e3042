using Sztpd.Core.Storage;
using Sztpd.Storage;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// A real store that fails on demand, as a database does when it goes away: once <see cref="FailReads"/> or
/// <see cref="FailWrites"/> is set, those calls throw the <see cref="DataStoreException"/> a lost connection gives.
/// </summary>
public sealed class FailingDataStore(IDataStore inner) : IDataStore
{
    public bool FailReads { get; set; }

    public bool FailWrites { get; set; }

    /// <summary>While set, reading a meta value never answers (a database that hangs) until the caller gives up; <see cref="ReadHung"/> completes once one has started.</summary>
    public bool HangReads { get; set; }

    public Task ReadHung => _hung.Task;

    private readonly TaskCompletionSource _hung = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Dialect => inner.Dialect;

    private T Read<T>(T value) => FailReads ? throw Outage() : value;

    private T Write<T>(T value) => FailWrites ? throw Outage() : value;

    private static DataStoreException Outage() => new("The database connection was lost (test outage).", new IOException("connection reset"));

    public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);

    public Task<string?> GetMetaAsync(string key, CancellationToken ct = default) => HangReads ? HangAsync<string?>(ct) : Read(inner).GetMetaAsync(key, ct);

    private async Task<T> HangAsync<T>(CancellationToken ct)
    {
        _hung.TrySetResult();
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable: an infinite delay ended");
    }

    public Task<IReadOnlyDictionary<string, string>> LoadTopLevelAsync(CancellationToken ct = default) => Read(inner).LoadTopLevelAsync(ct);

    public Task<StoredRow?> GetRowAsync(string listPath, string key, CancellationToken ct = default) => Read(inner).GetRowAsync(listPath, key, ct);

    public Task<IReadOnlyList<StoredRow>> ReadRowsAsync(string listPath, string? afterKey, int limit, CancellationToken ct = default) =>
        Read(inner).ReadRowsAsync(listPath, afterKey, limit, ct);

    public Task<long> CountRowsAsync(string listPath, CancellationToken ct = default) => Read(inner).CountRowsAsync(listPath, ct);

    public Task<IReadOnlyList<(string ListPath, StoredRow Row)>> FindRowsByKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => Read(inner).FindRowsByKeysAsync(keys, ct);

    public Task<IReadOnlyList<string>> FindReferencingRowsAsync(string listPath, string refPath, string value, int limit, CancellationToken ct = default) =>
        Read(inner).FindReferencingRowsAsync(listPath, refPath, value, limit, ct);

    public Task AppendAsync(IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        Write(inner).AppendAsync(entries, outbox, ct);

    public IOutboxStore Outbox => inner.Outbox;

    public ICertificateStore Certificates => inner.Certificates;

    public Task RecordAccessAsync(string listPath, string key, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        Write(inner).RecordAccessAsync(listPath, key, when, entries, outbox, ct);

    public Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default) =>
        Write(inner).AppendLogAsync(log, scope, timestamp, json, ct);

    public Task<IReadOnlyList<StoredLogEntry>> ReadLogPageAsync(string log, string scope, long offset, int limit, bool newestFirst, CancellationToken ct = default) =>
        Read(inner).ReadLogPageAsync(log, scope, offset, limit, newestFirst, ct);

    public Task<long> PruneLogAsync(string log, DateTimeOffset olderThan, string? countedScope, long keepNewest, CancellationToken ct = default) =>
        Write(inner).PruneLogAsync(log, olderThan, countedScope, keepNewest, ct);

    public Task<IStoreTransaction> BeginAsync(CancellationToken ct = default) => Write(inner).BeginAsync(ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
