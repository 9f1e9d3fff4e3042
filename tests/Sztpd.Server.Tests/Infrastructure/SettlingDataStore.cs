using System.Collections.Concurrent;
using Sztpd.Core.Storage;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>
/// A real store that remembers its log writes in flight, so a test can wait for them (<see cref="SettledAsync"/>): the
/// server answers a device before the request's log entries are committed, and a test that reads the log next must
/// not race that commit. The server queues the write before the answer leaves, so once the answer is in, the write is known.
/// </summary>
public sealed class SettlingDataStore(IDataStore inner) : IDataStore
{
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    /// <summary>Completes when every log write started so far has finished (committed or failed).</summary>
    public Task SettledAsync() => Task.WhenAll(_inFlight.Keys.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

    private T Track<T>(T task) where T : Task
    {
        _inFlight.TryAdd(task, 0);
        task.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
        return task;
    }

    public string Dialect => inner.Dialect;

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
        Track(inner.AppendAsync(entries, outbox, ct));

    public IOutboxStore Outbox => inner.Outbox;

    public ICertificateStore Certificates => inner.Certificates;

    public Task RecordAccessAsync(string listPath, string key, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        Track(inner.RecordAccessAsync(listPath, key, when, entries, outbox, ct));

    public Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default) =>
        Track(inner.AppendLogAsync(log, scope, timestamp, json, ct));

    public Task<IReadOnlyList<StoredLogEntry>> ReadLogPageAsync(string log, string scope, long offset, int limit, bool newestFirst, CancellationToken ct = default) =>
        inner.ReadLogPageAsync(log, scope, offset, limit, newestFirst, ct);

    public Task<long> PruneLogAsync(string log, DateTimeOffset olderThan, string? countedScope, long keepNewest, CancellationToken ct = default) =>
        inner.PruneLogAsync(log, olderThan, countedScope, keepNewest, ct);

    public Task<IStoreTransaction> BeginAsync(CancellationToken ct = default) => inner.BeginAsync(ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
