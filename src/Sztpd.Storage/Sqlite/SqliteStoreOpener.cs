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
            if (url.FilePath is { } file)
            {
                CreateOwnerOnly(file);
            }

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

    /// <summary>
    /// A new database file is created empty with mode 0600 before SQLite opens it (SQLite's own default is 0644 less the
    /// umask): it holds password hashes and sealed keys, and SQLite gives its -wal and -shm files the database's mode.
    /// An existing file keeps the mode its owner gave it.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: it is that process's database now.
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
