using Sztpd.Core.Storage;

namespace Sztpd.Server.Hosting;

/// <summary>
/// The store as the server uses it: every call that fails (the database gone, a timeout, a refused statement) counts in
/// <c>sztpd_database_errors_total</c>, labelled <c>read</c> or <c>write</c>, and fails as before. Each call reaches the
/// inner store synchronously, in the caller's flow (SQLite keeps a caller's transaction there); only the wait is wrapped.
/// </summary>
internal sealed class MeteredDataStore(IDataStore inner) : IDataStore
{
    private const string Read = "read";
    private const string Write = "write";

    public string Dialect => inner.Dialect;

    public Task MigrateAsync(CancellationToken ct = default) => Counted(Write, () => inner.MigrateAsync(ct));

    public Task<string?> GetMetaAsync(string key, CancellationToken ct = default) => Counted(Read, () => inner.GetMetaAsync(key, ct));

    public Task<IReadOnlyDictionary<string, string>> LoadTopLevelAsync(CancellationToken ct = default) => Counted(Read, () => inner.LoadTopLevelAsync(ct));

    public Task<StoredRow?> GetRowAsync(string listPath, string key, CancellationToken ct = default) => Counted(Read, () => inner.GetRowAsync(listPath, key, ct));

    public Task<IReadOnlyList<StoredRow>> ReadRowsAsync(string listPath, string? afterKey, int limit, CancellationToken ct = default) =>
        Counted(Read, () => inner.ReadRowsAsync(listPath, afterKey, limit, ct));

    public Task<long> CountRowsAsync(string listPath, CancellationToken ct = default) => Counted(Read, () => inner.CountRowsAsync(listPath, ct));

    public Task<IReadOnlyList<(string ListPath, StoredRow Row)>> FindRowsByKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default) => Counted(Read, () => inner.FindRowsByKeysAsync(keys, ct));

    public Task<IReadOnlyList<string>> FindReferencingRowsAsync(string listPath, string refPath, string value, int limit, CancellationToken ct = default) =>
        Counted(Read, () => inner.FindReferencingRowsAsync(listPath, refPath, value, limit, ct));

    public Task AppendAsync(IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        Counted(Write, () => inner.AppendAsync(entries, outbox, ct));

    public IOutboxStore Outbox => inner.Outbox;

    public ICertificateStore Certificates => inner.Certificates;

    public Task RecordAccessAsync(string listPath, string key, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        Counted(Write, () => inner.RecordAccessAsync(listPath, key, when, entries, outbox, ct));

    public Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default) =>
        Counted(Write, () => inner.AppendLogAsync(log, scope, timestamp, json, ct));

    public Task<IReadOnlyList<StoredLogEntry>> ReadLogPageAsync(string log, string scope, long offset, int limit, bool newestFirst, CancellationToken ct = default) =>
        Counted(Read, () => inner.ReadLogPageAsync(log, scope, offset, limit, newestFirst, ct));

    public Task<long> PruneLogAsync(string log, DateTimeOffset olderThan, string? countedScope, long keepNewest, CancellationToken ct = default) =>
        Counted(Write, () => inner.PruneLogAsync(log, olderThan, countedScope, keepNewest, ct));

    /// <summary>Not async itself: the inner store's transaction ownership (SQLite's AsyncLocal) is set in the caller's flow.</summary>
    public Task<IStoreTransaction> BeginAsync(CancellationToken ct = default) => Counted(Write, () => Wrap(inner.BeginAsync(ct)));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static async Task<IStoreTransaction> Wrap(Task<IStoreTransaction> begun) => new MeteredTransaction(await begun.ConfigureAwait(false));

    private static Task<T> Counted<T>(string operation, Func<Task<T>> call)
    {
        Task<T> task;
        try
        {
            task = call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Metrics.DatabaseFailed(operation);
            throw;
        }
        return task.IsCompletedSuccessfully ? task : ObservedAsync(task, operation);
    }

    private static async Task<T> ObservedAsync<T>(Task<T> task, string operation)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Metrics.DatabaseFailed(operation);
            throw;
        }
    }

    private static Task Counted(string operation, Func<Task> call)
    {
        Task task;
        try
        {
            task = call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Metrics.DatabaseFailed(operation);
            throw;
        }
        return task.IsCompletedSuccessfully ? task : ObservedAsync(task, operation);
    }

    private static async Task ObservedAsync(Task task, string operation)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Metrics.DatabaseFailed(operation);
            throw;
        }
    }

    private sealed class MeteredTransaction(IStoreTransaction inner) : IStoreTransaction
    {
        public Task SetMetaAsync(string key, string value, CancellationToken ct = default) => Counted(Write, () => inner.SetMetaAsync(key, value, ct));

        public Task PutTopLevelAsync(string name, string json, CancellationToken ct = default) => Counted(Write, () => inner.PutTopLevelAsync(name, json, ct));

        public Task DeleteTopLevelAsync(string name, CancellationToken ct = default) => Counted(Write, () => inner.DeleteTopLevelAsync(name, ct));

        public Task UpsertRowAsync(string listPath, string key, string json, IReadOnlyCollection<RowReference> references, DateTimeOffset now, CancellationToken ct = default) =>
            Counted(Write, () => inner.UpsertRowAsync(listPath, key, json, references, now, ct));

        public Task<bool> DeleteRowAsync(string listPath, string key, string? rowLog = null, CancellationToken ct = default) =>
            Counted(Write, () => inner.DeleteRowAsync(listPath, key, rowLog, ct));

        public Task<long> DeleteUntouchedRowsAsync(string listPath, string? rowLog = null, CancellationToken ct = default) =>
            Counted(Write, () => inner.DeleteUntouchedRowsAsync(listPath, rowLog, ct));

        public Task DeleteScopeAsync(string prefix, CancellationToken ct = default) => Counted(Write, () => inner.DeleteScopeAsync(prefix, ct));

        public Task AppendLogAsync(LogAppend entry, CancellationToken ct = default) => Counted(Write, () => inner.AppendLogAsync(entry, ct));

        public Task AddCertificateAsync(CertificateAppend certificate, CancellationToken ct = default) => Counted(Write, () => inner.AddCertificateAsync(certificate, ct));

        public Task AddOutboxAsync(OutboxAppend message, CancellationToken ct = default) => Counted(Write, () => inner.AddOutboxAsync(message, ct));

        public Task CommitAsync(CancellationToken ct = default) => Counted(Write, () => inner.CommitAsync(ct));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
