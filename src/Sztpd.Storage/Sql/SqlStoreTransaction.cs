using Sztpd.Core.Storage;

namespace Sztpd.Storage.Sql;

/// <summary>One write transaction on a leased connection; disposing it without <see cref="CommitAsync"/> rolls back.</summary>
internal sealed class SqlStoreTransaction(SqlDialect dialect, ConnectionLease lease, long transactionId) : IStoreTransaction
{
    private bool _committed;

    public async Task SetMetaAsync(string key, string value, CancellationToken ct = default)
    {
        await using var command = lease.Command(dialect.UpsertMeta).With("@key", key).With("@value", value);
        await ExecuteAsync(command, ct).ConfigureAwait(false);
    }

    public async Task PutTopLevelAsync(string name, string json, CancellationToken ct = default)
    {
        await using var command = lease.Command(dialect.UpsertNode).With("@name", name).With("@json", json);
        await ExecuteAsync(command, ct).ConfigureAwait(false);
    }

    public async Task DeleteTopLevelAsync(string name, CancellationToken ct = default)
    {
        await using var command = lease.Command("DELETE FROM config_node WHERE name = @name").With("@name", name);
        await ExecuteAsync(command, ct).ConfigureAwait(false);
    }

    public async Task UpsertRowAsync(string listPath, string key, string json, IReadOnlyCollection<RowReference> references, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        await ExecuteRowStatementAsync(dialect.UpsertRow, c => c
            .With("@lp", listPath).With("@key", key).With("@json", json)
            .With("@now", dialect.ToDb(now)).With("@txn", transactionId), ct).ConfigureAwait(false);
        await ExecuteRowStatementAsync("DELETE FROM config_row_ref WHERE list_path = @lp AND row_key = @key", c => c
            .With("@lp", listPath).With("@key", key), ct).ConfigureAwait(false);
        foreach (var reference in references.Distinct())
        {
            await ExecuteRowStatementAsync("INSERT INTO config_row_ref (list_path, row_key, ref_path, ref_value) VALUES (@lp, @key, @rp, @value)", c => c
                .With("@lp", listPath).With("@key", key).With("@rp", reference.RefPath).With("@value", reference.Value), ct).ConfigureAwait(false);
        }
    }

    /// <summary>A statement an edit runs for each of its rows: compiled once where the connection keeps its statements (SQLite's writer).</summary>
    private async Task ExecuteRowStatementAsync(string sql, Func<System.Data.Common.DbCommand, System.Data.Common.DbCommand> bind, CancellationToken ct)
    {
        if (lease.Kept(sql) is { } kept)
        {
            await ExecuteAsync(bind(kept), ct).ConfigureAwait(false);
            return;
        }
        await using var command = bind(lease.Command(sql));
        await ExecuteAsync(command, ct).ConfigureAwait(false);
    }

    public async Task<bool> DeleteRowAsync(string listPath, string key, string? rowLog = null, CancellationToken ct = default)
    {
        if (rowLog is not null)
        {
            await using var logs = lease.Command("DELETE FROM log_entry WHERE log = @log AND scope = @scope").With("@log", rowLog).With("@scope", key);
            await ExecuteAsync(logs, ct).ConfigureAwait(false);
        }
        await using var command = lease.Command("DELETE FROM config_row WHERE list_path = @lp AND row_key = @key")
            .With("@lp", listPath).With("@key", key);
        return await ExecuteAsync(command, ct).ConfigureAwait(false) > 0;
    }

    public async Task<long> DeleteUntouchedRowsAsync(string listPath, string? rowLog = null, CancellationToken ct = default)
    {
        if (rowLog is not null)
        {
            await using var logs = lease.Command(
                    "DELETE FROM log_entry WHERE log = @log AND scope IN (SELECT row_key FROM config_row WHERE list_path = @lp AND (touched_txn IS NULL OR touched_txn <> @txn))")
                .With("@log", rowLog).With("@lp", listPath).With("@txn", transactionId);
            await ExecuteAsync(logs, ct).ConfigureAwait(false);
        }
        await using var command = lease.Command(
                "DELETE FROM config_row WHERE list_path = @lp AND (touched_txn IS NULL OR touched_txn <> @txn)")
            .With("@lp", listPath).With("@txn", transactionId);
        return await ExecuteAsync(command, ct).ConfigureAwait(false);
    }

    public async Task DeleteScopeAsync(string prefix, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        // SUBSTR(column, 1, n) = prefix: no LIKE, whose wildcards a name could hold.
        foreach (var (table, column) in new[]
        {
            ("meta", dialect.MetaKeyColumn), ("config_node", "name"), ("config_row_ref", "list_path"), ("config_row", "list_path"),
            ("log_entry", "log"), ("outbox", "target"), ("issued_certificate", "scope"),
        })
        {
            await using var command = lease.Command($"DELETE FROM {table} WHERE SUBSTR({column}, 1, @n) = @prefix").With("@n", prefix.Length).With("@prefix", prefix);
            await ExecuteAsync(command, ct).ConfigureAwait(false);
        }
    }

    public Task AppendLogAsync(LogAppend entry, CancellationToken ct = default) =>
        LockedAsync(() => SqlDataStore.InsertLogAsync(dialect, lease, entry, ct), ct);

    public Task AddCertificateAsync(CertificateAppend certificate, CancellationToken ct = default) =>
        LockedAsync(() => SqlDataStore.InsertCertificateAsync(dialect, lease, certificate, ct), ct);

    public Task AddOutboxAsync(OutboxAppend message, CancellationToken ct = default) =>
        LockedAsync(() => SqlDataStore.AddOutbox(dialect, new WriteBatch(lease), message).RunAsync(ct), ct);

    /// <summary>Runs a write of several commands on the lease, no other command between them.</summary>
    private async Task LockedAsync(Func<Task> write, CancellationToken ct)
    {
        ThrowIfCommitted();
        await lease.CommandLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await write().ConfigureAwait(false);
        }
        finally
        {
            lease.CommandLock.Release();
        }
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        ThrowIfCommitted();
        await lease.CommandLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await lease.Transaction!.CommitAsync(ct).ConfigureAwait(false);
            _committed = true;
        }
        finally
        {
            lease.CommandLock.Release();
        }
    }

    public ValueTask DisposeAsync() => lease.DisposeAsync();

    private void ThrowIfCommitted()
    {
        if (_committed)
        {
            throw new InvalidOperationException("The store transaction is already committed.");
        }
    }

    private async Task<int> ExecuteAsync(System.Data.Common.DbCommand command, CancellationToken ct)
    {
        ThrowIfCommitted();
        await lease.CommandLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            lease.CommandLock.Release();
        }
    }
}
