using Sztpd.Core.Storage;

namespace Sztpd.Storage.Sql;

internal sealed partial class SqlDataStore
{
    public Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default) =>
        CommitAsync((lease, token) => InsertLogAsync(dialect, lease, new LogAppend(log, scope, timestamp, json), token), ct);

    private const string InsertLog = "INSERT INTO log_entry (log, scope, ts, json) VALUES (@log, @scope, @ts, @json)";

    // The derived table (with its LIMIT, never merged) lets MySQL delete from the table it reads.
    private const string TrimLog = """
        DELETE FROM log_entry WHERE log = @log AND scope = @scope AND id < (
          SELECT MIN(id) FROM (SELECT id FROM log_entry WHERE log = @log AND scope = @scope ORDER BY id DESC LIMIT @keep) newest)
        """;

    /// <summary>Appends <paramref name="entry"/> (and trims its scope) and returns its id.</summary>
    internal static async Task<long> InsertLogAsync(SqlDialect dialect, ConnectionLease lease, LogAppend entry, CancellationToken ct)
    {
        var insert = lease.Reused(dialect.ReturningId(InsertLog))
            .With("@log", entry.Log).With("@scope", entry.Scope).With("@ts", dialect.ToDb(entry.Timestamp)).With("@json", entry.Json);
        var id = await dialect.InsertLogAsync(insert, ct).ConfigureAwait(false);
        if (entry.KeepPerScope is { } keep)
        {
            await lease.Reused(TrimLog).With("@log", entry.Log).With("@scope", entry.Scope).With("@keep", keep).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return id;
    }

    /// <summary>Adds the append of <paramref name="entry"/> (and the trim of its scope) to <paramref name="batch"/>, its id unread.</summary>
    private void AddLog(WriteBatch batch, LogAppend entry)
    {
        batch.Add(InsertLog, ("@log", entry.Log), ("@scope", entry.Scope), ("@ts", dialect.ToDb(entry.Timestamp)), ("@json", entry.Json));
        if (entry.KeepPerScope is { } keep)
        {
            batch.Add(TrimLog, ("@log", entry.Log), ("@scope", entry.Scope), ("@keep", keep));
        }
    }

    public async Task<IReadOnlyList<StoredLogEntry>> ReadLogPageAsync(string log, string scope, long offset, int limit, bool newestFirst, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            $"SELECT id, ts, json FROM log_entry WHERE log = @log AND scope = @scope ORDER BY id {(newestFirst ? "DESC" : "")} LIMIT @limit OFFSET @offset",
            command => command.With("@log", log).With("@scope", scope).With("@limit", limit).With("@offset", offset),
            reader => new StoredLogEntry(reader.GetInt64(0), dialect.ReadTimestamp(reader, 1), reader.GetString(2)),
            ct).ConfigureAwait(false);
    }

    /// <summary>
    /// By age: entries are appended in time order, so the table is walked by id from the oldest, a batch at a time,
    /// and each batch's expired prefix is deleted by id range; the walk stops at the first entry of the log that is
    /// still young. By count: the id of the newest entry to delete is found in the (log, scope, id) index, and what is
    /// at or below it is deleted a batch at a time.
    /// </summary>
    public async Task<long> PruneLogAsync(string log, DateTimeOffset olderThan, string? countedScope, long keepNewest, CancellationToken ct = default)
    {
        var deleted = 0L;
        var cut = dialect.ToDb(olderThan);
        var after = 0L;
        while (true)
        {
            var batch = await QueryAsync("SELECT id, log, ts FROM log_entry WHERE id > @after ORDER BY id LIMIT @batch",
                c => c.With("@after", after).With("@batch", IDataStore.PruneBatch),
                r => (Id: r.GetInt64(0), Log: r.GetString(1), Timestamp: dialect.ReadTimestamp(r, 2)), ct).ConfigureAwait(false);
            var young = batch.FindIndex(e => e.Log == log && e.Timestamp >= olderThan);
            var expired = batch.Take(young < 0 ? batch.Count : young).Where(e => e.Log == log).ToList();
            if (expired.Count > 0)
            {
                deleted += await DeleteLogRangeAsync("ts < @cut", log, expired[0].Id, expired[^1].Id, c => c.With("@cut", cut), ct).ConfigureAwait(false);
            }
            if (young >= 0 || batch.Count < IDataStore.PruneBatch)
            {
                break;
            }
            after = batch[^1].Id;
        }
        if (countedScope is null)
        {
            return deleted;
        }
        var newestToDelete = await QueryAsync(
            "SELECT id FROM log_entry WHERE log = @log AND scope = @scope ORDER BY id DESC LIMIT 1 OFFSET @keep",
            c => c.With("@log", log).With("@scope", countedScope).With("@keep", keepNewest), r => r.GetInt64(0), ct).ConfigureAwait(false);
        if (newestToDelete.Count == 0)
        {
            return deleted;
        }
        while (true)
        {
            var ids = await QueryAsync(
                "SELECT id FROM log_entry WHERE log = @log AND scope = @scope AND id <= @last ORDER BY id LIMIT @batch",
                c => c.With("@log", log).With("@scope", countedScope).With("@last", newestToDelete[0]).With("@batch", IDataStore.PruneBatch),
                r => r.GetInt64(0), ct).ConfigureAwait(false);
            if (ids.Count == 0)
            {
                return deleted;
            }
            deleted += await DeleteLogRangeAsync("scope = @scope", log, ids[0], ids[^1], c => c.With("@scope", countedScope), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes, in one commit, the entries of <paramref name="log"/> with ids from <paramref name="first"/> to <paramref name="last"/> that satisfy <paramref name="condition"/>.</summary>
    private Task<long> DeleteLogRangeAsync(string condition, string log, long first, long last, Action<System.Data.Common.DbCommand> bind, CancellationToken ct) =>
        CommitAsync(async (lease, token) =>
        {
            await using var command = lease.Command($"DELETE FROM log_entry WHERE log = @log AND id >= @first AND id <= @last AND {condition}")
                .With("@log", log).With("@first", first).With("@last", last);
            bind(command);
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct);
}
