using System.Data.Common;

namespace Sztpd.Storage.Sql;

/// <summary>
/// An open connection (and, for a transaction, its <see cref="DbTransaction"/>) lent to one operation;
/// disposing it gives it back (closes it, rolls back an uncommitted transaction, releases locks).
/// </summary>
internal sealed class ConnectionLease(DbConnection connection, DbTransaction? transaction, Func<ValueTask> release) : IAsyncDisposable
{
    private Func<ValueTask>? _release = release;

    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    /// <summary>Serializes commands on a transaction's connection when another operation of the owning flow borrows it.</summary>
    public SemaphoreSlim CommandLock { get; } = new(1, 1);

    public DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction is { Connection: not null } ? Transaction : null; // null once committed
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        var release = Interlocked.Exchange(ref _release, null);
        if (release is not null)
        {
            await release().ConfigureAwait(false);
            CommandLock.Dispose();
        }
    }
}
