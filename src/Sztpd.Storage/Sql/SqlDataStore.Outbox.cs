using System.Data.Common;
using Sztpd.Core.Storage;

namespace Sztpd.Storage.Sql;

internal sealed partial class SqlDataStore : IOutboxStore
{
    private const string Pending = "pending";
    private const string Dead = "dead";
    private const string Columns = "id, scope, kind, target, created, due, attempts, last_error, json";

    public IOutboxStore Outbox => this;

    private WriteBatch AddOutbox(WriteBatch batch, OutboxAppend message) => AddOutbox(dialect, batch, message);

    /// <summary>Adds the insert of <paramref name="message"/> (and the trim of its scope's pending ones) to <paramref name="batch"/>.</summary>
    internal static WriteBatch AddOutbox(SqlDialect dialect, WriteBatch batch, OutboxAppend message)
    {
        batch.Add("""
            INSERT INTO outbox (scope, kind, target, created, due, attempts, state, json)
            VALUES (@scope, @kind, @target, @created, @created, 0, @pending, @json)
            """, ("@scope", message.Scope), ("@kind", message.Kind), ("@target", message.Target),
            ("@created", dialect.ToDb(message.Created)), ("@pending", Pending), ("@json", message.Json));
        if (message.KeepPendingPerScope is { } keep)
        {
            // As the log trim: the derived table lets MySQL update the table it reads.
            batch.Add("""
                UPDATE outbox SET state = @dead, last_error = @error WHERE scope = @scope AND state = @pending AND id < (
                  SELECT MIN(id) FROM (SELECT id FROM outbox WHERE scope = @scope AND state = @pending ORDER BY id DESC LIMIT @keep) newest)
                """, ("@dead", Dead), ("@pending", Pending), ("@scope", message.Scope), ("@keep", keep),
                ("@error", $"given up: more than {keep} messages of this device were waiting."));
        }
        return batch;
    }

    public async Task<IReadOnlyList<OutboxMessage>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) =>
        await QueryAsync($"""
            SELECT {Columns} FROM outbox o WHERE state = @pending AND due <= @now
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.scope = o.scope AND p.state = @pending AND p.id < o.id)
            ORDER BY id LIMIT @limit
            """, c => c.With("@pending", Pending).With("@now", dialect.ToDb(now)).With("@limit", limit), ReadMessage, ct).ConfigureAwait(false);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default)
    {
        var due = await QueryAsync("""
            SELECT due FROM outbox o WHERE state = @pending
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.scope = o.scope AND p.state = @pending AND p.id < o.id)
            ORDER BY due LIMIT 1
            """, c => c.With("@pending", Pending), r => dialect.ReadTimestamp(r, 0), ct).ConfigureAwait(false);
        return due.Count == 0 ? null : due[0];
    }

    public Task DeliveredAsync(long id, CancellationToken ct = default) =>
        ExecuteOutboxAsync("DELETE FROM outbox WHERE id = @id", c => c.With("@id", id), ct);

    public Task RetryAsync(long id, DateTimeOffset due, int attempts, string error, CancellationToken ct = default) =>
        ExecuteOutboxAsync("UPDATE outbox SET due = @due, attempts = @attempts, last_error = @error WHERE id = @id",
            c => c.With("@id", id).With("@due", dialect.ToDb(due)).With("@attempts", attempts).With("@error", error), ct);

    public Task DeadAsync(long id, int attempts, string error, CancellationToken ct = default) =>
        ExecuteOutboxAsync("UPDATE outbox SET state = @dead, attempts = @attempts, last_error = @error WHERE id = @id",
            c => c.With("@id", id).With("@dead", Dead).With("@attempts", attempts).With("@error", error), ct);

    public async Task<IReadOnlyList<OutboxMessage>> ReadAsync(OutboxState state, long offset, int limit, bool newestFirst = false, string? targetPrefix = null, CancellationToken ct = default) =>
        await QueryAsync($"SELECT {Columns} FROM outbox WHERE state = @state{TargetIn(targetPrefix)} ORDER BY id {(newestFirst ? "DESC" : "")} LIMIT @limit OFFSET @offset",
            c => WithTarget(c.With("@state", Name(state)).With("@limit", limit).With("@offset", offset), targetPrefix), ReadMessage, ct).ConfigureAwait(false);

    public async Task<long> CountAsync(OutboxState state, string? targetPrefix = null, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT COUNT(*) FROM outbox WHERE state = @state{TargetIn(targetPrefix)}",
            c => WithTarget(c.With("@state", Name(state)), targetPrefix), r => r.GetInt64(0), ct).ConfigureAwait(false))[0];

    private static string TargetIn(string? prefix) => prefix is null ? "" : " AND SUBSTR(target, 1, @n) = @prefix";

    private static DbCommand WithTarget(DbCommand command, string? prefix) =>
        prefix is null ? command : command.With("@n", prefix.Length).With("@prefix", prefix);

    public Task<long> PruneDeadAsync(DateTimeOffset olderThan, CancellationToken ct = default) =>
        InDeadBatchesAsync("created < @cut", c => c.With("@cut", dialect.ToDb(olderThan)), "DELETE FROM outbox", null, ct);

    public Task<long> ReviveDeadAsync(IReadOnlyCollection<long>? ids, DateTimeOffset now, CancellationToken ct = default) =>
        InDeadBatchesAsync(ids, "UPDATE outbox SET state = @pending, attempts = 0, due = @now", c => c.With("@pending", Pending).With("@now", dialect.ToDb(now)), ct);

    public Task<long> DiscardDeadAsync(IReadOnlyCollection<long>? ids, CancellationToken ct = default) =>
        InDeadBatchesAsync(ids, "DELETE FROM outbox", null, ct);

    private Task<long> InDeadBatchesAsync(IReadOnlyCollection<long>? ids, string change, Action<DbCommand>? bindChange, CancellationToken ct)
    {
        if (ids is null)
        {
            return InDeadBatchesAsync("1 = 1", _ => { }, change, bindChange, ct);
        }
        var list = ids.Distinct().ToList();
        if (list.Count > IDataStore.PruneBatch)
        {
            throw new ArgumentException($"At most {IDataStore.PruneBatch} ids at once.", nameof(ids));
        }
        return list.Count == 0 ? Task.FromResult(0L) : CommitAsync(async (lease, token) =>
        {
            await using var command = lease.Command($"{change} WHERE state = @dead AND id IN ({DbCommandExtensions.Placeholders("i", list.Count)})")
                .With("@dead", Dead).WithEach("i", list);
            bindChange?.Invoke(command);
            return (long)await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct);
    }

    /// <summary>Applies <paramref name="change"/> (an UPDATE or DELETE of outbox) to the dead messages matching <paramref name="where"/>, a batch per commit.</summary>
    private async Task<long> InDeadBatchesAsync(string where, Action<DbCommand> bindWhere, string change, Action<DbCommand>? bindChange, CancellationToken ct)
    {
        var done = 0L;
        var after = 0L; // each batch past the last: a message that dies again meanwhile is not taken twice
        while (true)
        {
            var ids = await QueryAsync($"SELECT id FROM outbox WHERE state = @dead AND {where} AND id > @after ORDER BY id LIMIT @batch",
                c => bindWhere(c.With("@dead", Dead).With("@after", after).With("@batch", IDataStore.PruneBatch)), r => r.GetInt64(0), ct).ConfigureAwait(false);
            if (ids.Count == 0)
            {
                return done;
            }
            after = ids[^1];
            done += await CommitAsync(async (lease, token) =>
            {
                await using var command = lease.Command($"{change} WHERE state = @dead AND {where} AND id >= @first AND id <= @last")
                    .With("@dead", Dead).With("@first", ids[0]).With("@last", ids[^1]);
                bindWhere(command);
                bindChange?.Invoke(command);
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
    }

    private Task ExecuteOutboxAsync(string sql, Action<DbCommand> bind, CancellationToken ct) =>
        CommitAsync(async (lease, token) =>
        {
            await using var command = lease.Command(sql);
            bind(command);
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct);

    private OutboxMessage ReadMessage(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
        dialect.ReadTimestamp(r, 4), dialect.ReadTimestamp(r, 5), r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8));

    private static string Name(OutboxState state) => state == OutboxState.Dead ? Dead : Pending;
}
