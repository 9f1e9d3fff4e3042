using MySqlConnector;
using Sztpd.Core.Storage;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.MySql;

internal static class MySqlStoreOpener
{
    /// <summary>Binary utf8mb4 collations, best first: NO PAD (MySQL 8, MariaDB) so 'a' and 'a ' are different keys.</summary>
    private static readonly string[] Collations = ["utf8mb4_0900_bin", "utf8mb4_nopad_bin", "utf8mb4_bin"];

    public static async Task<IDataStore> OpenAsync(DatabaseUrl url, DatabaseTls? tls, CancellationToken ct)
    {
        var builder = ConnectionString(url, tls);
        var dataSource = new MySqlDataSource(builder.ConnectionString);
        SqlDataStore? store = null;
        try
        {
            await EnsureDatabaseAsync(dataSource, builder, url, ct).ConfigureAwait(false);
            string collation;
            await using (var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false))
            {
                collation = await ChooseCollationAsync(connection, ct).ConfigureAwait(false);
            }

            store = new SqlDataStore(new MySqlDialect(collation), new PooledConnections(dataSource, System.Data.IsolationLevel.ReadCommitted));
            await store.MigrateAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch (Exception e) when (e is MySqlException or IOException or System.Security.Cryptography.CryptographicException)
        {
            await DisposeAsync(store, dataSource).ConfigureAwait(false);
            var cause = e is MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } && e.InnerException is null
                ? await ConnectionFailure.ProbeTcpAsync(url.Host!, url.Port, ct).ConfigureAwait(false)
                : null;
            throw new DataStoreException(
                $"Cannot use the MySQL database {url.Database} at {Endpoint(url)}: {cause ?? ConnectionFailure.Cause(e, url.Password)}.", e);
        }
        catch
        {
            await DisposeAsync(store, dataSource).ConfigureAwait(false);
            throw;
        }
    }

    internal static MySqlConnectionStringBuilder ConnectionString(DatabaseUrl url, DatabaseTls? tls)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = url.Host,
            Port = (uint)url.Port,
            UserID = url.User,
            Password = url.Password ?? "",
            Database = url.Database,
            DateTimeKind = MySqlDateTimeKind.Utc,
            ConnectionTimeout = 15,
            ApplicationName = "sztpd",
            SslMode = MySqlSslMode.Preferred,
        };
        if (tls is not null)
        {
            builder.SslMode = MySqlSslMode.VerifyFull;
            builder.SslCa = tls.CaCertFile;
            builder.SslCert = tls.CertFile ?? "";
            builder.SslKey = tls.KeyFile ?? "";
        }

        return builder;
    }

    private static string Endpoint(DatabaseUrl url) =>
        url.Host!.Contains(':') ? $"[{url.Host}]:{url.Port}" : $"{url.Host}:{url.Port}";

    private static async Task DisposeAsync(SqlDataStore? store, MySqlDataSource dataSource)
    {
        if (store is not null)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Connects once; when the database does not exist, connects without one and creates it.</summary>
    private static async Task EnsureDatabaseAsync(MySqlDataSource dataSource, MySqlConnectionStringBuilder builder, DatabaseUrl url, CancellationToken ct)
    {
        try
        {
            await using var probe = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            return;
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.UnknownDatabase)
        {
        }

        var server = new MySqlConnectionStringBuilder(builder.ConnectionString) { Database = "", Pooling = false };
        await using var connection = new MySqlConnection(server.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        var collation = await ChooseCollationAsync(connection, ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE IF NOT EXISTS {QuoteIdentifier(url.Database!)} CHARACTER SET utf8mb4 COLLATE {collation}";
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<string> ChooseCollationAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (@a, @b)";
        command.Parameters.AddWithValue("@a", Collations[0]);
        command.Parameters.AddWithValue("@b", Collations[1]);
        var available = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            available.Add(reader.GetString(0));
        }

        return Collations.FirstOrDefault(available.Contains) ?? Collations[^1];
    }

    /// <summary>Database names cannot be parameters: quote as an identifier, doubling embedded backquotes.</summary>
    internal static string QuoteIdentifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}
