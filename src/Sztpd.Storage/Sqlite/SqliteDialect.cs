using System.Data.Common;
using System.Globalization;
using Sztpd.Storage.Sql;

namespace Sztpd.Storage.Sqlite;

/// <summary>SQLite: timestamps as fixed-width ISO-8601 UTC text (100 ns precision, sorts as text), BINARY (ordinal) collation.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public override string Name => "sqlite";

    public override IReadOnlyList<Migration> Migrations => SqliteMigrations.All;

    public override string SchemaVersionTable =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied TEXT NOT NULL)";

    public override object ToDb(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

}
