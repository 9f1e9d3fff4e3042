using Sztpd.Core.Storage;

namespace Sztpd.Storage.Sql;

internal sealed partial class SqlDataStore
{
    public Task<long> AppendLogAsync(string log, string scope, DateTimeOffset timestamp, string json, CancellationToken ct = default) =>
        CommitAsync((lease, token) => InsertLogAsync(lease, new LogAppend(log, scope, timestamp, json), token), ct);

    private async Task<long> InsertLogAsync(ConnectionLease lease, LogAppend entry, CancellationToken ct)
    {
        await using var command = lease.Command("INSERT INTO log_entry (log, scope, ts, json) VALUES (@log, @scope, @ts, @json)")
            .With("@log", entry.Log).With("@scope", entry.Scope).With("@ts", dialect.ToDb(entry.Timestamp)).With("@json", entry.Json);
        return await dialect.InsertLogAsync(command, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredLogEntry>> ReadLogAsync(string log, string scope, long afterId, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            "SELECT id, ts, json FROM log_entry WHERE log = @log AND scope = @scope AND id > @after ORDER BY id LIMIT @limit",
            command => command.With("@log", log).With("@scope", scope).With("@after", afterId).With("@limit", limit),
            reader => new StoredLogEntry(reader.GetInt64(0), dialect.ReadTimestamp(reader, 1), reader.GetString(2)),
            ct).ConfigureAwait(false);
    }

}
