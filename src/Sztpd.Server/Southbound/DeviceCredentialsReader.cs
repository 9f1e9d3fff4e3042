using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Sztpd.Core.Bootstrapping;
using Sztpd.Core.Limits;
using Sztpd.Server.Hosting;

namespace Sztpd.Server.Southbound;

/// <summary>
/// What a device presents over HTTP: the TLS client certificate (or, on a plain-HTTP endpoint behind a TLS-terminating
/// proxy, the URL-encoded PEM of the <c>X-Client-Cert</c> header), the intermediates sent with it (in the TLS handshake,
/// or as further PEM certificates after the device's own in that header), and its Basic credentials.
/// </summary>
internal static class DeviceCredentialsReader
{
    public const string ClientCertHeader = "X-Client-Cert";

    /// <summary>The credentials, or why the request cannot even be looked at (an unreadable forwarded certificate).</summary>
    public static (DeviceCredentials? Credentials, string Refusal) Read(HttpContext ctx, EndpointSpec endpoint, InputLimits limits)
    {
        var cert = ctx.Connection.ClientCertificate;
        var fromConnection = cert is not null;
        var items = fromConnection ? ctx.Features.Get<IConnectionItemsFeature>()?.Items : null;
        var intermediates = HandshakeIntermediates.Of(items);
        if (cert is null && !endpoint.IsHttps && ctx.Request.Headers[ClientCertHeader].ToString() is { Length: > 0 } forwarded)
        {
            var chain = ParseForwarded(forwarded);
            if (chain is null)
            {
                return (null, $"The {ClientCertHeader} header does not hold a URL-encoded PEM certificate.");
            }
            cert = chain[0];
            intermediates = PresentedIntermediates.Of(chain.Skip(1), cert, limits);
        }
        var basic = BasicCredentials.Parse(ctx.Request, out _);
        return (new DeviceCredentials(cert, basic?.User, basic?.Password, items, ctx.Connection.RemoteIpAddress?.ToString() ?? "") { Intermediates = intermediates }, "");
    }

    /// <summary>The certificates of the header's URL-encoded PEM, the device's first (then its intermediates); null when there are none or one is unreadable.</summary>
    private static X509Certificate2Collection? ParseForwarded(string header)
    {
        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(Uri.UnescapeDataString(header));
            return chain.Count > 0 ? chain : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return null;
        }
    }
}
