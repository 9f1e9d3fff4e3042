namespace Sztpd.Storage.Sql;

/// <summary>
/// The statements of one write, sent together where the provider batches them (PostgreSQL and MySQL: one round trip
/// instead of one per statement) and one after the other, as reused commands, where it does not (SQLite, in process,
/// has no round trip to save). No statement returns anything.
/// </summary>
internal sealed class WriteBatch(ConnectionLease lease)
{
    private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _statements = [];

    public WriteBatch Add(string sql, params (string Name, object? Value)[] parameters)
    {
        _statements.Add((sql, parameters));
        return this;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        if (_statements.Count > 1 && lease.Connection.CanCreateBatch)
        {
            await using var batch = lease.Connection.CreateBatch();
            batch.Transaction = lease.Transaction;
            foreach (var (sql, parameters) in _statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return;
        }
        foreach (var (sql, parameters) in _statements)
        {
            var command = lease.Reused(sql);
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
