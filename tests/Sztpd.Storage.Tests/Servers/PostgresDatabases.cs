using Npgsql;
using Sztpd.Storage.Postgres;

namespace Sztpd.Storage.Tests.Servers;

public sealed class PostgresDatabases() : ServerDatabases("SZTPD_TEST_POSTGRES_URL")
{
    protected override async Task DropAsync(DatabaseUrl url)
    {
        var builder = PostgresStoreOpener.ConnectionString(BaseUrl, null);
        builder.Database = "postgres";
        builder.Pooling = false;
        builder.Timeout = 60;
        builder.CommandTimeout = 300;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {PostgresStoreOpener.QuoteIdentifier(url.Database!)} WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
