using System.Globalization;
using System.Text;

namespace Sztpd.Storage;

public sealed partial record DatabaseUrl
{
    private const string Schemes = "sqlite:///, postgresql://, postgres://, mysql+pymysql:// or mysql://";

    /// <summary>Parses a database URL; throws <see cref="FormatException"/> with one sentence for the operator.</summary>
    public static DatabaseUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        url = url.Trim();
        if (url.Length == 0)
        {
            throw new FormatException("The database URL is empty.");
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? "" : url[..schemeEnd].ToLowerInvariant();
        var rest = schemeEnd < 0 ? "" : url[(schemeEnd + 3)..];
        return scheme switch
        {
            "sqlite" => ParseSqlite(rest),
            "postgresql" or "postgres" => ParseServer(DatabaseDialect.PostgreSql, scheme, rest, 5432),
            "mysql+pymysql" or "mysql" => ParseServer(DatabaseDialect.MySql, scheme, rest, 3306),
            _ => throw new FormatException($"The database URL must start with {Schemes}."),
        };
    }

    private static DatabaseUrl ParseSqlite(string rest)
    {
        if (!rest.StartsWith('/') || rest.Length == 1)
        {
            throw new FormatException("An SQLite database URL must be sqlite:///:memory: or sqlite:///<file-path>.");
        }

        var path = rest[1..];
        if (path == ":memory:")
        {
            return new DatabaseUrl(DatabaseDialect.Sqlite, "sqlite");
        }

        return new DatabaseUrl(DatabaseDialect.Sqlite, "sqlite") { FilePath = Path.GetFullPath(path) };
    }

    private static DatabaseUrl ParseServer(DatabaseDialect dialect, string scheme, string rest, int defaultPort)
    {
        var example = $"{scheme}://user:password@host:{defaultPort}/sztpd";
        var at = rest.LastIndexOf('@');
        if (at <= 0)
        {
            throw new FormatException($"The database URL must name a user, as in {example}.");
        }

        var userInfo = rest[..at];
        var afterAt = rest[(at + 1)..];
        var slash = afterAt.IndexOf('/');
        if (slash < 0 || slash == afterAt.Length - 1)
        {
            throw new FormatException($"The database URL must end with the database name, as in {example}.");
        }

        var (host, port) = ParseHostPort(afterAt[..slash], defaultPort, example);
        var colon = userInfo.IndexOf(':');
        var user = Decode(colon < 0 ? userInfo : userInfo[..colon], "user name");
        var password = colon < 0 ? null : Decode(userInfo[(colon + 1)..], "password");
        if (user.Length == 0)
        {
            throw new FormatException($"The database URL must name a user, as in {example}.");
        }

        var database = ParseDatabase(dialect, afterAt[(slash + 1)..], example);
        return new DatabaseUrl(dialect, scheme)
        {
            Host = host,
            Port = port,
            User = user,
            Password = password,
            Database = database,
        };
    }

    private static (string Host, int Port) ParseHostPort(string hostPort, int defaultPort, string example)
    {
        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0 || (close + 1 < hostPort.Length && hostPort[close + 1] != ':'))
            {
                throw new FormatException("An IPv6 address in the database URL must be enclosed in brackets, as in [::1]:5432.");
            }

            host = hostPort[1..close];
            port = close + 1 < hostPort.Length ? hostPort[(close + 2)..] : null;
        }
        else
        {
            if (hostPort.Count(c => c == ':') > 1)
            {
                throw new FormatException("An IPv6 address in the database URL must be enclosed in brackets, as in [::1]:5432.");
            }

            var colon = hostPort.IndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            port = colon < 0 ? null : hostPort[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new FormatException($"The database URL must name the server host after the '@', as in {example}.");
        }

        if (port is null)
        {
            return (host, defaultPort);
        }

        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit)
            || int.Parse(port, CultureInfo.InvariantCulture) is < 1 or > 65535)
        {
            throw new FormatException("The port in the database URL must be a number from 1 to 65535.");
        }

        return (host, int.Parse(port, CultureInfo.InvariantCulture));
    }

    private static string ParseDatabase(DatabaseDialect dialect, string path, string example)
    {
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            foreach (var parameter in path[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = parameter.Split('=')[0];
                var value = parameter.Length > name.Length ? parameter[(name.Length + 1)..] : "";
                var harmless = dialect == DatabaseDialect.MySql && name == "charset" && value is "utf8mb4" or "utf8";
                if (!harmless)
                {
                    throw new FormatException(
                        $"The database URL parameter '{name}' is not supported; use --cacert, --cert and --key for TLS.");
                }
            }

            path = path[..query];
        }

        var database = Decode(path, "database name");
        if (database.Length == 0)
        {
            throw new FormatException($"The database URL must end with the database name, as in {example}.");
        }

        return database;
    }

    private static string Decode(string text, string what)
    {
        if (!text.Contains('%'))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        var plainStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(text[plainStart..i]));
            if (i + 2 >= text.Length
                || !byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                throw new FormatException($"The {what} in the database URL has an invalid percent-encoding.");
            }

            bytes.Add(b);
            i += 2;
            plainStart = i + 1;
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[plainStart..]));
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"The {what} in the database URL is not valid UTF-8 once percent-decoded.");
        }
    }
}
