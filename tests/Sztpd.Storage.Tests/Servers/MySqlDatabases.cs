using MySqlConnector;
using Sztpd.Storage.MySql;

namespace Sztpd.Storage.Tests.Servers;

public sealed class MySqlDatabases() : ServerDatabases("SZTPD_TEST_MYSQL_URL")
{
    protected override async Task DropAsync(DatabaseUrl url)
    {
        var builder = MySqlStoreOpener.ConnectionString(BaseUrl, null);
        builder.Database = "";
        builder.Pooling = false;
        builder.ConnectionTimeout = 60;
        builder.DefaultCommandTimeout = 300;
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {MySqlStoreOpener.QuoteIdentifier(url.Database!)}";
        await command.ExecuteNonQueryAsync();
    }
}
