using Npgsql;
using Sztpd.Core.Storage;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Postgres;

internal static class PostgresStoreOpener
{
    private const string InvalidCatalogName = "3D000";
    private const string DuplicateDatabase = "42P04";

    public static async Task<IDataStore> OpenAsync(DatabaseUrl url, DatabaseTls? tls, CancellationToken ct)
    {
        var builder = ConnectionString(url, tls);
        var dataSource = NpgsqlDataSource.Create(builder);
        var store = new SqlDataStore(new PostgresDialect(), new PooledConnections(dataSource, System.Data.IsolationLevel.ReadCommitted));
        try
        {
            await EnsureDatabaseAsync(dataSource, builder, url, ct).ConfigureAwait(false);
            await store.MigrateAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or System.Security.Cryptography.CryptographicException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new DataStoreException(
                $"Cannot use the PostgreSQL database {url.Database} at {Endpoint(url)}: {ConnectionFailure.Cause(e, url.Password)}.", e);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static NpgsqlConnectionStringBuilder ConnectionString(DatabaseUrl url, DatabaseTls? tls)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port,
            Username = url.User,
            Password = url.Password,
            Database = url.Database,
            ApplicationName = "sztpd",
            Timeout = 15,
            SslMode = SslMode.Prefer,
            // Statements run this often are prepared on each pooled connection and stay prepared across its uses, so a
            // device request's writes are not parsed and planned again every time (Npgsql's automatic preparation).
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        if (tls is not null)
        {
            builder.SslMode = SslMode.VerifyFull;
            builder.RootCertificate = tls.CaCertFile;
            builder.SslCertificate = tls.CertFile;
            builder.SslKey = tls.KeyFile;
        }

        return builder;
    }

    private static string Endpoint(DatabaseUrl url) =>
        url.Host!.Contains(':') ? $"[{url.Host}]:{url.Port}" : $"{url.Host}:{url.Port}";

    /// <summary>Connects once; when the database does not exist, creates it from the <c>postgres</c> maintenance database.</summary>
    private static async Task EnsureDatabaseAsync(NpgsqlDataSource dataSource, NpgsqlConnectionStringBuilder builder, DatabaseUrl url, CancellationToken ct)
    {
        try
        {
            await using var probe = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            return;
        }
        catch (PostgresException e) when (e.SqlState == InvalidCatalogName)
        {
        }

        var maintenance = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {QuoteIdentifier(url.Database!)} ENCODING 'UTF8' TEMPLATE template0";
        try
        {
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == DuplicateDatabase)
        {
        }
    }

    /// <summary>Database names cannot be parameters: quote as an identifier, doubling embedded quotes.</summary>
    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
