using System.Data.Common;
using System.Globalization;
using Sztpd.Core.Storage;

namespace Sztpd.Storage.Sql;

/// <summary>
/// <see cref="IDataStore"/> over ADO.NET for every dialect: the SQL is shared, what differs lives in
/// <see cref="SqlDialect"/>, and how connections are obtained in <see cref="ConnectionProvider"/>.
/// Every value is a parameter.
/// </summary>
internal sealed partial class SqlDataStore(SqlDialect dialect, ConnectionProvider connections) : IDataStore
{
    private readonly GroupCommit _groupCommit = new(connections);
    private int _disposed;

    public string Dialect => dialect.Name;

    public async Task<string?> GetMetaAsync(string key, CancellationToken ct = default)
    {
        await using var lease = await connections.ReadAsync(ct).ConfigureAwait(false);
        await using var command = lease.Command($"SELECT value FROM meta WHERE {dialect.MetaKeyColumn} = @key").With("@key", key);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    public async Task<IReadOnlyDictionary<string, string>> LoadTopLevelAsync(CancellationToken ct = default)
    {
        await using var lease = await connections.ReadAsync(ct).ConfigureAwait(false);
        await using var command = lease.Command("SELECT name, json FROM config_node");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var nodes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            nodes[reader.GetString(0)] = reader.GetString(1);
        }

        return nodes;
    }

    /// <summary>
    /// Called synchronously so a provider tracking the calling flow (SQLite) sees the caller's context.
    /// </summary>
    public Task<IStoreTransaction> BeginAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var begin = connections.BeginAsync(ct);
        return WrapAsync(begin);

        async Task<IStoreTransaction> WrapAsync(Task<ConnectionLease> lease) =>
            new SqlStoreTransaction(dialect, await lease.ConfigureAwait(false), NewTransactionId());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _groupCommit.DisposeAsync().ConfigureAwait(false);
            await connections.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A small write outside any <see cref="IStoreTransaction"/>: group-committed with the other callers' writes, or run
    /// at once inside the caller's own SQLite transaction (which the group's writer would otherwise wait for).
    /// </summary>
    private async Task<long> CommitAsync(GroupCommit.Write write, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!connections.CallerOwnsTransaction)
        {
            return await _groupCommit.WriteAsync(write, ct).ConfigureAwait(false);
        }

        await using var lease = await connections.WriteAsync(ct).ConfigureAwait(false);
        return await write(lease, ct).ConfigureAwait(false);
    }

    /// <summary>Transactions the group commit has made so far (tests).</summary>
    internal long GroupCommits => _groupCommit.Commits;

    /// <summary>Runs a read query with the parameters <paramref name="bind"/> adds and maps each row of the result with <paramref name="read"/>.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var lease = await connections.ReadAsync(ct).ConfigureAwait(false);
        await using var command = lease.Command(sql);
        bind(command);
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            items.Add(read(reader));
        }

        return items;
    }

    /// <summary>Runs a query and returns column <paramref name="column"/> of its first row as text (diagnostics and tests).</summary>
    internal async Task<string?> QueryTextAsync(string sql, int column, CancellationToken ct)
    {
        await using var lease = await connections.ReadAsync(ct).ConfigureAwait(false);
        await using var command = lease.Command(sql);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) && !reader.IsDBNull(column)
            ? Convert.ToString(reader.GetValue(column), CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Identifies the rows a transaction upserts; random so instances sharing a database never collide.</summary>
    private static long NewTransactionId() => Random.Shared.NextInt64(1, long.MaxValue);
}
