namespace Sztpd.Storage.Sql;

/// <summary>Statements written once for the dialects that share a syntax.</summary>
internal static class SharedSql
{
    /// <summary>SQLite and PostgreSQL upsert: unchanged JSON leaves the counters, any upsert marks the row touched.</summary>
    public const string UpsertRowOnConflict = """
        INSERT INTO config_row (list_path, row_key, json, created, modified_count, access_count, touched_txn)
        VALUES (@lp, @key, @json, @now, 0, 0, @txn)
        ON CONFLICT (list_path, row_key) DO UPDATE SET
          modified_count = CASE WHEN config_row.json = excluded.json THEN config_row.modified_count ELSE config_row.modified_count + 1 END,
          json = excluded.json,
          touched_txn = excluded.touched_txn
        """;
}
