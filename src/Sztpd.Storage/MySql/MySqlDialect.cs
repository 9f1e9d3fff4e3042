using System.Data.Common;
using MySqlConnector;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.MySql;

/// <summary>
/// MySQL and MariaDB: utf8mb4 with a binary collation (<paramref name="collation"/>, NO PAD where the server
/// has one) so keys are exact and ordered by code point; DATETIME(6) holding UTC; AUTO_INCREMENT log ids.
/// </summary>
internal sealed class MySqlDialect(string collation) : SqlDialect
{
    private const string SchemaLockName = "SHA1(CONCAT('sztpd-schema.', DATABASE()))";

    public override string Name => "mysql";

    public override IReadOnlyList<Migration> Migrations { get; } = MySqlMigrations.All(collation);

    public override string SchemaVersionTable =>
        $"CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL, applied DATETIME(6) NOT NULL) {MySqlMigrations.TableOptions(collation)}";

    public override string MetaKeyColumn => "`key`";

    public override string UpsertMeta =>
        "INSERT INTO meta (`key`, value) VALUES (@key, @value) ON DUPLICATE KEY UPDATE value = VALUES(value)";

    public override string UpsertNode =>
        "INSERT INTO config_node (name, json) VALUES (@name, @json) ON DUPLICATE KEY UPDATE json = VALUES(json)";

    /// <summary>Assignments run left to right, so the counter is compared before json is replaced.</summary>
    public override string UpsertRow => """
        INSERT INTO config_row (list_path, row_key, json, created, modified_count, access_count, touched_txn)
        VALUES (@lp, @key, @json, @now, 0, 0, @txn)
        ON DUPLICATE KEY UPDATE
          modified_count = IF(CAST(json AS BINARY) = CAST(VALUES(json) AS BINARY), modified_count, modified_count + 1),
          json = VALUES(json),
          touched_txn = VALUES(touched_txn)
        """;

    public override object ToDb(DateTimeOffset value) => value.UtcDateTime;

    public override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public override string ReturningId(string insert) => insert;

    public override async Task<long> InsertLogAsync(DbCommand insert, CancellationToken ct)
    {
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return ((MySqlCommand)insert).LastInsertedId;
    }

    /// <summary>DDL commits implicitly in MySQL, so a named lock (not the transaction) keeps migrations apart.</summary>
    public override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT GET_LOCK({SchemaLockName}, 60)";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 1)
        {
            throw new DataStoreException("Timed out after 60 s waiting for another sztpd instance to finish migrating the MySQL database.");
        }
    }

    public override async Task UnlockSchemaAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT RELEASE_LOCK({SchemaLockName})";
        await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
