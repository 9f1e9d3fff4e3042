using System.Data.Common;

namespace Sztpd.Storage.Sql;

/// <summary>
/// Commands kept per SQL text on a connection that stays open (SQLite's one writer and its kept read connections).
/// SQLite compiles a command's statement when it first runs and keeps it with the command, and Microsoft.Data.Sqlite
/// has no cache across commands (dotnet/efcore#14044), so every new command compiled its SQL again: for a device
/// request's few small writes and its one read, the compile cost more than the statements. Used by one holder of the
/// connection at a time (the writer's gate, a read connection's lease), each command's reader closed before the
/// holder gives the connection back.
/// </summary>
internal sealed class StatementCache : IDisposable
{
    /// <summary>Bounded: each compiled statement holds some of SQLite's memory for as long as it is kept.</summary>
    private const int Capacity = 32;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The kept command for <paramref name="sql"/> on <paramref name="connection"/>, its parameters cleared; null once the cache is full.</summary>
    public DbCommand? Take(DbConnection connection, string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }
        if (_commands.Count >= Capacity)
        {
            return null;
        }
        command = connection.CreateCommand();
        command.CommandText = sql;
        _commands.Add(sql, command);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
    }
}
