using Sztpd.Storage.Sql;

namespace Sztpd.Storage.MySql;

/// <summary>
/// The MySQL/MariaDB schema, one numbered migration per change; never edit a released one, add the next.
/// DDL is not transactional here, so every statement must be safe to run again (IF NOT EXISTS).
/// Keys are VARCHAR(255) so that the widest index, (list_path, ref_path, ref_value), fits InnoDB's 3072 bytes.
/// </summary>
internal static class MySqlMigrations
{
    public static string TableOptions(string collation) => $"ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={collation}";

    public static IReadOnlyList<Migration> All(string collation)
    {
        var options = TableOptions(collation);
        return
        [
            new(1, "initial schema",
            [
                $"CREATE TABLE IF NOT EXISTS meta (`key` VARCHAR(255) NOT NULL PRIMARY KEY, value LONGTEXT NOT NULL) {options}",
                $"CREATE TABLE IF NOT EXISTS config_node (name VARCHAR(255) NOT NULL PRIMARY KEY, json LONGTEXT NOT NULL) {options}",
                $"""
                CREATE TABLE IF NOT EXISTS config_row (
                  list_path VARCHAR(255) NOT NULL, row_key VARCHAR(255) NOT NULL, json LONGTEXT NOT NULL,
                  created DATETIME(6) NOT NULL, modified_count BIGINT NOT NULL DEFAULT 0, access_count BIGINT NOT NULL DEFAULT 0,
                  first_accessed DATETIME(6) NULL, last_accessed DATETIME(6) NULL, touched_txn BIGINT NULL,
                  PRIMARY KEY (list_path, row_key)) {options}
                """,
                $"""
                CREATE TABLE IF NOT EXISTS config_row_ref (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  list_path VARCHAR(255) NOT NULL, row_key VARCHAR(255) NOT NULL,
                  ref_path VARCHAR(255) NOT NULL, ref_value VARCHAR(255) NOT NULL,
                  KEY ix_config_row_ref_row (list_path, row_key),
                  KEY ix_config_row_ref_value (list_path, ref_path, ref_value),
                  CONSTRAINT fk_config_row_ref_row FOREIGN KEY (list_path, row_key)
                    REFERENCES config_row (list_path, row_key) ON DELETE CASCADE) {options}
                """,
                $"""
                CREATE TABLE IF NOT EXISTS log_entry (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, log VARCHAR(100) NOT NULL, scope VARCHAR(255) NOT NULL,
                  ts DATETIME(6) NOT NULL, json LONGTEXT NOT NULL,
                  KEY ix_log_entry_scope (log, scope, id)) {options}
                """,
            ]),
            new(2, "outbox",
            [
                $"""
                CREATE TABLE IF NOT EXISTS outbox (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, scope VARCHAR(255) NOT NULL, kind VARCHAR(64) NOT NULL,
                  target VARCHAR(255) NOT NULL, created DATETIME(6) NOT NULL, due DATETIME(6) NOT NULL, attempts INT NOT NULL DEFAULT 0,
                  state VARCHAR(16) NOT NULL, last_error LONGTEXT NULL, json LONGTEXT NOT NULL,
                  KEY ix_outbox_scope (scope, state, id),
                  KEY ix_outbox_due (state, due)) {options}
                """,
            ]),
            new(3, "row keys across lists (mode x: a device found in whichever tenant holds it)",
            [
                "CREATE INDEX ix_config_row_key ON config_row (row_key)",
            ]),
            new(4, "issued certificates and their revocations",
            [
                $"""
                CREATE TABLE IF NOT EXISTS issued_certificate (
                  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, scope VARCHAR(255) NOT NULL, issuer VARCHAR(255) NOT NULL, serial VARCHAR(64) NOT NULL,
                  holder LONGTEXT NOT NULL, subject LONGTEXT NOT NULL, not_before DATETIME(6) NOT NULL,
                  not_after DATETIME(6) NOT NULL, der LONGTEXT NOT NULL, revoked DATETIME(6) NULL, reason VARCHAR(64) NULL,
                  UNIQUE KEY ux_issued_certificate (scope, issuer, serial),
                  KEY ix_issued_certificate_scope (scope, id),
                  KEY ix_issued_certificate_revoked (scope, issuer, revoked),
                  KEY ix_issued_certificate_holder (scope, holder(255)),
                  KEY ix_issued_certificate_expiry (not_after)) {options}
                """,
            ]),
        ];
    }
}
