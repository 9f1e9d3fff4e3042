using System.Text;

namespace Sztpd.Server;

/// <summary>HTTP Basic credentials (RFC 7617) of a request: admins on the native interface, devices on the SBI.</summary>
internal static class BasicCredentials
{
    /// <summary>The user and password; null when there is no Basic header, with <paramref name="malformed"/> set when there is one that cannot be decoded.</summary>
    public static (string User, string Password)? Parse(HttpRequest request, out bool malformed)
    {
        malformed = false;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (decoded, "") : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            malformed = true;
            return null;
        }
    }
}
