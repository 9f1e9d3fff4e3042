using Microsoft.Data.Sqlite;
using Sztpd.Core.Storage;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Sqlite;

internal static class SqliteStoreOpener
{
    public static async Task<IDataStore> OpenAsync(DatabaseUrl url, CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = url.FilePath ?? ":memory:",
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = !url.IsInMemory,
            DefaultTimeout = 30,
        };
        SqlDataStore? store = null;
        try
        {
            var connections = await SqliteConnections.OpenAsync(builder.ConnectionString, url.IsInMemory, ct).ConfigureAwait(false);
            store = new SqlDataStore(new SqliteDialect(), connections);
            if (!url.IsInMemory)
            {
                await UseWriteAheadLogAsync(builder.ConnectionString, ct).ConfigureAwait(false);
            }

            await store.MigrateAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch (Exception e)
        {
            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            if (e is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                throw new DataStoreException($"Cannot open the SQLite database {url.FilePath ?? ":memory:"}: {ConnectionFailure.Cause(e, null)}.", e);
            }

            throw;
        }
    }

    /// <summary>WAL lets readers proceed while the single writer works; the mode is stored in the file.</summary>
    private static async Task UseWriteAheadLogAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"the file system does not support write-ahead logging (journal mode is {mode})");
        }
    }
}
