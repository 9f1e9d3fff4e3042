using System.Data;
using System.Data.Common;

namespace Sztpd.Storage.Sql;

/// <summary>PostgreSQL and MySQL: one pooled connection per operation; the server arbitrates concurrent transactions.</summary>
internal sealed class PooledConnections(DbDataSource dataSource, IsolationLevel isolation) : ConnectionProvider
{
    public override async ValueTask<ConnectionLease> ReadAsync(CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        return new ConnectionLease(connection, null, connection.DisposeAsync);
    }

    public override ValueTask<ConnectionLease> WriteAsync(CancellationToken ct) => ReadAsync(ct);

    public override async Task<ConnectionLease> BeginAsync(CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(isolation, ct).ConfigureAwait(false);
            return new ConnectionLease(connection, transaction, async () =>
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            });
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
