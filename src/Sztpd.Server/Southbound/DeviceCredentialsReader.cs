using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Sztpd.Core.Bootstrapping;
using Sztpd.Server.Hosting;

namespace Sztpd.Server.Southbound;

/// <summary>
/// What a device presents over HTTP: the TLS client certificate (or, on a plain-HTTP endpoint behind a TLS-terminating
/// proxy, the URL-encoded PEM of the <c>X-Client-Cert</c> header) and its Basic credentials.
/// </summary>
internal static class DeviceCredentialsReader
{
    public const string ClientCertHeader = "X-Client-Cert";

    /// <summary>The credentials, or why the request cannot even be looked at (an unreadable forwarded certificate).</summary>
    public static (DeviceCredentials? Credentials, string Refusal) Read(HttpContext ctx, EndpointSpec endpoint)
    {
        var cert = ctx.Connection.ClientCertificate;
        var fromConnection = cert is not null;
        if (cert is null && !endpoint.IsHttps && ctx.Request.Headers[ClientCertHeader].ToString() is { Length: > 0 } forwarded)
        {
            cert = ParseForwarded(forwarded);
            if (cert is null)
            {
                return (null, $"The {ClientCertHeader} header does not hold a URL-encoded PEM certificate.");
            }
        }
        var basic = BasicCredentials.Parse(ctx.Request, out _);
        var items = fromConnection ? ctx.Features.Get<IConnectionItemsFeature>()?.Items : null;
        return (new DeviceCredentials(cert, basic?.User, basic?.Password, items, ctx.Connection.RemoteIpAddress?.ToString() ?? ""), "");
    }

    private static X509Certificate2? ParseForwarded(string header)
    {
        try
        {
            return X509Certificate2.CreateFromPem(Uri.UnescapeDataString(header));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return null;
        }
    }
}
