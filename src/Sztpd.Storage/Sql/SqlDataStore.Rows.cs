using System.Data.Common;
using Sztpd.Core.Storage;

namespace Sztpd.Storage.Sql;

internal sealed partial class SqlDataStore
{
    private const string RowColumns =
        "row_key, json, created, modified_count, access_count, first_accessed, last_accessed";

    public async Task<StoredRow?> GetRowAsync(string listPath, string key, CancellationToken ct = default)
    {
        await using var lease = await connections.ReadAsync(ct).ConfigureAwait(false);
        var command = lease.Reused($"SELECT {RowColumns} FROM config_row WHERE list_path = @lp AND row_key = @key")
            .With("@lp", listPath).With("@key", key);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadRow(reader) : null;
    }

    public async Task<IReadOnlyList<StoredRow>> ReadRowsAsync(string listPath, string? afterKey, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var after = afterKey is null ? "" : " AND row_key > @after";
        return await QueryAsync(
            $"SELECT {RowColumns} FROM config_row WHERE list_path = @lp{after} ORDER BY row_key LIMIT @limit",
            command =>
            {
                command.With("@lp", listPath).With("@limit", limit);
                if (afterKey is not null)
                {
                    command.With("@after", afterKey);
                }
            },
            ReadRow,
            ct).ConfigureAwait(false);
    }

    public async Task<long> CountRowsAsync(string listPath, CancellationToken ct = default)
    {
        await using var lease = await connections.ReadAsync(ct).ConfigureAwait(false);
        await using var command = lease.Command("SELECT COUNT(*) FROM config_row WHERE list_path = @lp").With("@lp", listPath);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<(string ListPath, StoredRow Row)>> FindRowsByKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > IDataStore.PruneBatch)
        {
            throw new ArgumentException($"At most {IDataStore.PruneBatch} keys at once.", nameof(keys));
        }
        if (list.Count == 0)
        {
            return [];
        }
        return await QueryAsync($"SELECT {RowColumns}, list_path FROM config_row WHERE row_key IN ({DbCommandExtensions.Placeholders("k", list.Count)}) ORDER BY list_path, row_key",
            command => command.WithEach("k", list), reader => (reader.GetString(7), ReadRow(reader)), ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> FindReferencingRowsAsync(string listPath, string refPath, string value, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            "SELECT DISTINCT row_key FROM config_row_ref WHERE list_path = @lp AND ref_path = @rp AND ref_value = @value ORDER BY row_key LIMIT @limit",
            command => command.With("@lp", listPath).With("@rp", refPath).With("@value", value).With("@limit", limit),
            reader => reader.GetString(0),
            ct).ConfigureAwait(false);
    }

    public Task RecordAccessAsync(string listPath, string key, DateTimeOffset when, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        CommitAsync(async (lease, token) =>
        {
            var batch = new WriteBatch(lease).Add(
                "UPDATE config_row SET access_count = access_count + 1, first_accessed = COALESCE(first_accessed, @when), last_accessed = @when WHERE list_path = @lp AND row_key = @key",
                ("@when", dialect.ToDb(when)), ("@lp", listPath), ("@key", key));
            await AddAll(batch, entries, outbox).RunAsync(token).ConfigureAwait(false);
            return 0;
        }, ct);

    public Task AppendAsync(IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox, CancellationToken ct = default) =>
        CommitAsync(async (lease, token) =>
        {
            await AddAll(new WriteBatch(lease), entries, outbox).RunAsync(token).ConfigureAwait(false);
            return 0;
        }, ct);

    /// <summary>A commit's log entries, then the messages they send out, in one batch.</summary>
    private WriteBatch AddAll(WriteBatch batch, IReadOnlyList<LogAppend> entries, IReadOnlyList<OutboxAppend> outbox)
    {
        foreach (var entry in entries)
        {
            AddLog(batch, entry);
        }
        foreach (var message in outbox)
        {
            AddOutbox(batch, message);
        }
        return batch;
    }

    private StoredRow ReadRow(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        dialect.ReadTimestamp(reader, 2),
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.IsDBNull(5) ? null : dialect.ReadTimestamp(reader, 5),
        reader.IsDBNull(6) ? null : dialect.ReadTimestamp(reader, 6));
}
