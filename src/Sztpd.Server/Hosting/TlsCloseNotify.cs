using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Sztpd.Server.Hosting;

/// <summary>
/// Ends every TLS connection with a <c>close_notify</c> alert (RFC 8446 section 6.1), which Kestrel does not send: without
/// it, a client cannot tell a complete answer from a truncated one (OpenSSL 3 reports "unexpected eof while reading").
/// A connection middleware placed after <c>UseHttps</c>, so it runs once HTTP is done with the connection.
/// </summary>
internal static class TlsCloseNotify
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static ConnectionDelegate Around(ConnectionDelegate next) => async connection =>
    {
        await next(connection).ConfigureAwait(false);
        if (connection.Features.Get<ISslStreamFeature>()?.SslStream is not { } tls)
        {
            return;
        }
        try
        {
            await tls.ShutdownAsync().WaitAsync(Patience).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or TimeoutException or InvalidOperationException)
        {
            // The client went first, or is not reading: there is nobody to tell.
        }
    };
}
