using System.Net.Http.Headers;
using System.Text;

namespace Sztpd.Testing;

/// <summary>HTTP Basic credentials (RFC 7617), as admins and devices send them.</summary>
public static class BasicAuthentication
{
    public static AuthenticationHeaderValue Header(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
