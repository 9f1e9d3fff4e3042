using System.Data.Common;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Postgres;

/// <summary>PostgreSQL: TIMESTAMPTZ (microseconds), keys in COLLATE "C" (ordinal order), identity log ids.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>pg_advisory_xact_lock key for migrations ("sztpd" in ASCII).</summary>
    private const long SchemaLockKey = 0x73_7A_74_70_64;

    public override string Name => "postgresql";

    public override IReadOnlyList<Migration> Migrations => PostgresMigrations.All;

    public override string SchemaVersionTable =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied TIMESTAMPTZ NOT NULL)";

    public override object ToDb(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<DateTimeOffset>(ordinal);


    public override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
        command.With("@key", SchemaLockKey);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
