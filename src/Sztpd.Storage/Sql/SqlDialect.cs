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

    /// <summary>The meta table's key column, quoted (KEY is reserved in MySQL).</summary>
    public abstract string MetaKeyColumn { get; }

    /// <summary>Upsert of meta (@key, @value).</summary>
    public abstract string UpsertMeta { get; }

    /// <summary>Upsert of config_node (@name, @json).</summary>
    public abstract string UpsertNode { get; }

    /// <summary>Upsert of config_row (@lp, @key, @json, @now, @txn): counters per <see cref="Core.Storage.IStoreTransaction.UpsertRowAsync"/>.</summary>
    public abstract string UpsertRow { get; }

    public virtual IsolationLevel TransactionIsolation => IsolationLevel.ReadCommitted;

    /// <summary>The parameter value for a timestamp column.</summary>
    public abstract object ToDb(DateTimeOffset value);

    public abstract DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);

    /// <summary>Runs INSERT INTO log_entry (…) VALUES (…) and returns the new id.</summary>
    public abstract Task<long> InsertLogAsync(DbCommand insert, CancellationToken ct);

    /// <summary>Keeps concurrent migrations (several instances starting) apart; called first in the migration transaction.</summary>
    public virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) => Task.CompletedTask;

    public virtual Task UnlockSchemaAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;
}
