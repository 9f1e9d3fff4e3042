using Sztpd.Core.Storage;
using Sztpd.Storage.MySql;
using Sztpd.Storage.Postgres;
using Sztpd.Storage.Sqlite;

namespace Sztpd.Storage;

/// <summary>Opens the store a <see cref="DatabaseUrl"/> names: creates the database if missing and migrates its schema.</summary>
public static class DataStoreFactory
{
    /// <exception cref="ArgumentException">The TLS options are unusable, or given with SQLite.</exception>
    /// <exception cref="DataStoreException">The database cannot be reached, authenticated to, created or migrated.</exception>
    public static Task<IDataStore> OpenAsync(DatabaseUrl url, DatabaseTls? tls, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (tls is not null && url.Dialect == DatabaseDialect.Sqlite)
        {
            throw new ArgumentException("The --cacert, --cert and --key options apply to PostgreSQL and MySQL, not to an SQLite database.");
        }

        tls?.Validate();
        return url.Dialect switch
        {
            DatabaseDialect.Sqlite => SqliteStoreOpener.OpenAsync(url, ct),
            DatabaseDialect.PostgreSql => PostgresStoreOpener.OpenAsync(url, tls, ct),
            DatabaseDialect.MySql => MySqlStoreOpener.OpenAsync(url, tls, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(url)),
        };
    }
}
