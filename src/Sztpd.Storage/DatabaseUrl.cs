using System.Globalization;

namespace Sztpd.Storage;

/// <summary>
/// The <c>database-url</c> argument of <c>sztpd</c>: <c>sqlite:///:memory:</c>, <c>sqlite:///relative/path</c>,
/// <c>sqlite:////absolute/path</c>, <c>postgresql://</c> or <c>postgres://</c>, <c>mysql+pymysql://</c> or <c>mysql://</c>
/// followed by <c>user[:password]@host[:port]/database</c>. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed partial record DatabaseUrl
{
    private DatabaseUrl(DatabaseDialect dialect, string scheme)
    {
        Dialect = dialect;
        Scheme = scheme;
    }

    public DatabaseDialect Dialect { get; }

    /// <summary>The scheme as written (lower case), e.g. <c>postgres</c> or <c>mysql+pymysql</c>.</summary>
    public string Scheme { get; }

    /// <summary>SQLite: the absolute path of the database file, or null for <c>:memory:</c>.</summary>
    public string? FilePath { get; init; }

    public bool IsInMemory => Dialect == DatabaseDialect.Sqlite && FilePath is null;

    public string? Host { get; init; }

    public int Port { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Database { get; init; }

    /// <summary>The URL with the password replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        if (Dialect == DatabaseDialect.Sqlite)
        {
            return "sqlite:///" + (FilePath ?? ":memory:");
        }

        var host = Host is not null && Host.Contains(':') ? $"[{Host}]" : Host;
        var password = Password is null ? "" : ":***";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Scheme}://{Uri.EscapeDataString(User ?? "")}{password}@{host}:{Port}/{Uri.EscapeDataString(Database ?? "")}");
    }
}
