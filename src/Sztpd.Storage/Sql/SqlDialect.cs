using System.Data;
using System.Data.Common;

namespace Sztpd.Storage.Sql;

/// <summary>What differs between the SQL dialects: DDL, upserts, timestamps, identities and schema locks.</summary>
internal abstract class SqlDialect
{
    /// <summary>sqlite, postgresql or mysql (<see cref="Core.Storage.IDataStore.Dialect"/>).</summary>
    public abstract string Name { get; }

    public abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>CREATE TABLE IF NOT EXISTS schema_version (version, description, applied).</summary>
    public abstract string SchemaVersionTable { get; }

    // The defaults are the INSERT ... ON CONFLICT forms SQLite and PostgreSQL share; MySQL overrides them.

    /// <summary>The meta table's key column, quoted (KEY is reserved in MySQL).</summary>
    public virtual string MetaKeyColumn => "\"key\"";

    /// <summary>Upsert of meta (@key, @value).</summary>
    public virtual string UpsertMeta =>
        "INSERT INTO meta (\"key\", value) VALUES (@key, @value) ON CONFLICT (\"key\") DO UPDATE SET value = excluded.value";

    /// <summary>Upsert of config_node (@name, @json).</summary>
    public virtual string UpsertNode =>
        "INSERT INTO config_node (name, json) VALUES (@name, @json) ON CONFLICT (name) DO UPDATE SET json = excluded.json";

    /// <summary>
    /// Upsert of config_row (@lp, @key, @json, @now, @txn): counters per <see cref="Core.Storage.IStoreTransaction.UpsertRowAsync"/>
    /// (unchanged JSON leaves the counters, any upsert marks the row touched).
    /// </summary>
    public virtual string UpsertRow => """
        INSERT INTO config_row (list_path, row_key, json, created, modified_count, access_count, touched_txn)
        VALUES (@lp, @key, @json, @now, 0, 0, @txn)
        ON CONFLICT (list_path, row_key) DO UPDATE SET
          modified_count = CASE WHEN config_row.json = excluded.json THEN config_row.modified_count ELSE config_row.modified_count + 1 END,
          json = excluded.json,
          touched_txn = excluded.touched_txn
        """;

    public virtual IsolationLevel TransactionIsolation => IsolationLevel.ReadCommitted;

    /// <summary>The parameter value for a timestamp column.</summary>
    public abstract object ToDb(DateTimeOffset value);

    public abstract DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);

    /// <summary>INSERT INTO log_entry (…) VALUES (…) as <see cref="InsertLogAsync"/> runs it.</summary>
    public virtual string ReturningId(string insert) => insert + " RETURNING id";

    /// <summary>Runs the INSERT of <see cref="ReturningId"/> and returns the new id.</summary>
    public virtual async Task<long> InsertLogAsync(DbCommand insert, CancellationToken ct) =>
        (long)(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false))!;

    /// <summary>Keeps concurrent migrations (several instances starting) apart; called first in the migration transaction.</summary>
    public virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) => Task.CompletedTask;

    public virtual Task UnlockSchemaAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;
}
