using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;

namespace Sztpd.Storage.Sql;

/// <summary>Turns driver exceptions into the one-sentence cause of a <see cref="DataStoreException"/>.</summary>
internal static partial class ConnectionFailure
{
    /// <summary>The most telling cause in the exception chain, without a trailing period, with <paramref name="password"/> masked.</summary>
    public static string Cause(Exception exception, string? password)
    {
        var cause = FindCause(exception);
        cause = SqliteWrapper().Replace(cause, "$1");
        var newline = cause.IndexOfAny(['\r', '\n']);
        cause = (newline < 0 ? cause : cause[..newline]).Trim().TrimEnd('.');
        if (password is { Length: >= 4 })
        {
            cause = cause.Replace(password, "***", StringComparison.Ordinal);
        }

        return cause.Length == 0 ? exception.GetType().Name : cause;
    }

    /// <summary>
    /// Some drivers (MySqlConnector) report only "unable to connect": a plain TCP connect tells why
    /// (refused, unreachable, unknown host, timeout). Null when TCP connects fine.
    /// </summary>
    public static async Task<string?> ProbeTcpAsync(string host, int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (SocketException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "the connection timed out";
        }
    }

    private static string FindCause(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException:
                    return "the TLS handshake failed (the server certificate was not issued by the given CA certificates or does not name this host)";
                case SocketException socket:
                    return socket.Message;
                case TimeoutException:
                    return "the connection timed out";
            }
        }

        return exception switch
        {
            Npgsql.PostgresException postgres => postgres.MessageText,
            _ => exception.Message,
        };
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex SqliteWrapper();
}
