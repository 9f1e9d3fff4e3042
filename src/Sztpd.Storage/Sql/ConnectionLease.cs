using System.Data.Common;

namespace Sztpd.Storage.Sql;

/// <summary>
/// An open connection (and, for a transaction, its <see cref="DbTransaction"/>) lent to one operation;
/// disposing it gives it back (closes it, rolls back an uncommitted transaction, releases locks).
/// </summary>
internal sealed class ConnectionLease(DbConnection connection, DbTransaction? transaction, Func<ValueTask> release, StatementCache? statements = null) : IAsyncDisposable
{
    private Func<ValueTask>? _release = release;
    private List<DbCommand>? _owned;

    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    /// <summary>Serializes commands on a transaction's connection when another operation of the owning flow borrows it.</summary>
    public SemaphoreSlim CommandLock { get; } = new(1, 1);

    /// <summary>The statements kept on <see cref="Connection"/> when it stays open (SQLite's writer and read connections); null otherwise.</summary>
    public StatementCache? Statements { get; } = statements;

    public DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction is { Connection: not null } ? Transaction : null; // null once committed
        return command;
    }

    /// <summary>
    /// A command for a statement the hot path runs again and again (a reader it opens is closed before the lease is
    /// given back). The lease owns it: the caller does not dispose it. On a connection that stays open it is compiled once and reused (<see cref="StatementCache"/>);
    /// elsewhere it is a new command, disposed with the lease (PostgreSQL prepares it itself, see PostgresStoreOpener).
    /// </summary>
    public DbCommand Reused(string sql)
    {
        if (Kept(sql) is { } kept)
        {
            return kept;
        }
        var command = Command(sql);
        (_owned ??= []).Add(command);
        return command;
    }

    /// <summary>
    /// The kept command for <paramref name="sql"/> on a connection that stays open (<see cref="StatementCache"/>; the
    /// caller does not dispose it), or null: then the caller makes its own command and disposes it. For a statement one
    /// long transaction runs again and again (an edit's row writes), which would hold every <see cref="Reused"/> command.
    /// </summary>
    public DbCommand? Kept(string sql)
    {
        if (Statements?.Take(Connection, sql) is not { } kept)
        {
            return null;
        }
        kept.Transaction = Transaction is { Connection: not null } ? Transaction : null;
        return kept;
    }

    public async ValueTask DisposeAsync()
    {
        var release = Interlocked.Exchange(ref _release, null);
        if (release is not null)
        {
            foreach (var command in _owned ?? [])
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
            await release().ConfigureAwait(false);
            CommandLock.Dispose();
        }
    }
}
