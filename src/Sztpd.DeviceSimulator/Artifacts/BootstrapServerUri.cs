using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Sztpd.DeviceSimulator.Artifacts;

/// <summary>
/// The URI form RFC 8572 §8.3 allows in a bootstrap-server-list: <c>https://&lt;ip-address-or-hostname&gt;[:&lt;port&gt;]</c>,
/// nothing else (an empty path or "/" is tolerated; no query, fragment or userinfo). IPv6 literals in brackets.
/// </summary>
internal static class BootstrapServerUri
{
    private const string Scheme = "https://";

    /// <summary>True when <paramref name="uri"/> has the §8.3 form; otherwise the reason, in a few words.</summary>
    public static bool IsValid(string uri, [NotNullWhen(false)] out string? reason)
    {
        reason = Check(uri);
        return reason is null;
    }

    private static string? Check(string uri)
    {
        if (uri.Length == 0)
        {
            return "it is empty";
        }

        if (uri.Any(c => c is <= ' ' or >= '\u007f'))
        {
            return "it holds spaces, control or non-ASCII characters";
        }

        if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "the scheme must be https";
        }

        var authority = uri[Scheme.Length..];
        if (authority.EndsWith('/'))
        {
            authority = authority[..^1];
        }

        if (authority.IndexOfAny(['/', '?', '#']) >= 0)
        {
            return "only https://<ip-address-or-hostname>[:<port>] is allowed (no path, query or fragment)";
        }

        return authority.Contains('@') ? "userinfo is not allowed" : CheckHostAndPort(authority);
    }

    private static string? CheckHostAndPort(string authority)
    {
        string host;
        string? port = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return "the IPv6 literal has no closing bracket";
            }

            host = authority[1..close];
            var rest = authority[(close + 1)..];
            if (rest.Length > 0 && !rest.StartsWith(':'))
            {
                return "unexpected text after the IPv6 literal";
            }

            port = rest.Length > 0 ? rest[1..] : null;
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return $"\"{host}\" is not an IPv6 address";
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? null : authority[(colon + 1)..];
            if (!IsHostnameOrIPv4(host))
            {
                return $"\"{host}\" is not a hostname or IPv4 address (IPv6 literals go in brackets)";
            }
        }

        return port is null || (port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit) && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 65535)
            ? null
            : $"\"{port}\" is not a port number (1-65535)";
    }

    private static bool IsHostnameOrIPv4(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        var labels = host.TrimEnd('.').Split('.');
        return labels.All(l => l.Length is > 0 and <= 63
            && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && l[0] != '-' && l[^1] != '-');
    }
}
