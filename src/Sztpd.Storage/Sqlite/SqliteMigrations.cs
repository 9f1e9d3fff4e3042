using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Sqlite;

/// <summary>The SQLite schema, one numbered migration per change; never edit a released one, add the next.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema",
        [
            "CREATE TABLE meta (\"key\" TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE config_node (name TEXT NOT NULL PRIMARY KEY, json TEXT NOT NULL)",
            """
            CREATE TABLE config_row (
              list_path TEXT NOT NULL, row_key TEXT NOT NULL, json TEXT NOT NULL, created TEXT NOT NULL,
              modified_count INTEGER NOT NULL DEFAULT 0, access_count INTEGER NOT NULL DEFAULT 0,
              first_accessed TEXT NULL, last_accessed TEXT NULL, touched_txn INTEGER NULL,
              PRIMARY KEY (list_path, row_key))
            """,
            """
            CREATE TABLE config_row_ref (
              list_path TEXT NOT NULL, row_key TEXT NOT NULL, ref_path TEXT NOT NULL, ref_value TEXT NOT NULL,
              PRIMARY KEY (list_path, row_key, ref_path, ref_value),
              FOREIGN KEY (list_path, row_key) REFERENCES config_row (list_path, row_key) ON DELETE CASCADE)
            """,
            "CREATE INDEX ix_config_row_ref_value ON config_row_ref (list_path, ref_path, ref_value)",
            """
            CREATE TABLE log_entry (
              id INTEGER PRIMARY KEY AUTOINCREMENT, log TEXT NOT NULL, scope TEXT NOT NULL, ts TEXT NOT NULL, json TEXT NOT NULL)
            """,
            "CREATE INDEX ix_log_entry_scope ON log_entry (log, scope, id)",
        ]),
        new(2, "outbox",
        [
            """
            CREATE TABLE outbox (
              id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL,
              created TEXT NOT NULL, due TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL,
              last_error TEXT NULL, json TEXT NOT NULL)
            """,
            "CREATE INDEX ix_outbox_scope ON outbox (scope, state, id)",
            "CREATE INDEX ix_outbox_due ON outbox (state, due)",
        ]),
        new(3, "row keys across lists (mode x: a device found in whichever tenant holds it)",
        [
            "CREATE INDEX ix_config_row_key ON config_row (row_key)",
        ]),
        new(4, "issued certificates and their revocations",
        [
            """
            CREATE TABLE issued_certificate (
              id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, issuer TEXT NOT NULL, serial TEXT NOT NULL, holder TEXT NOT NULL,
              subject TEXT NOT NULL, not_before TEXT NOT NULL, not_after TEXT NOT NULL, der TEXT NOT NULL,
              revoked TEXT NULL, reason TEXT NULL)
            """,
            "CREATE UNIQUE INDEX ux_issued_certificate ON issued_certificate (scope, issuer, serial)",
            "CREATE INDEX ix_issued_certificate_scope ON issued_certificate (scope, id)",
            "CREATE INDEX ix_issued_certificate_revoked ON issued_certificate (scope, issuer, revoked)",
            "CREATE INDEX ix_issued_certificate_holder ON issued_certificate (scope, holder)",
            "CREATE INDEX ix_issued_certificate_expiry ON issued_certificate (not_after)",
        ]),
    ];
}
