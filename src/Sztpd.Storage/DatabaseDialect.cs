namespace Sztpd.Storage;

/// <summary>The database engines a <see cref="DatabaseUrl"/> can name.</summary>
public enum DatabaseDialect
{
    Sqlite,
    PostgreSql,
    MySql,
}
