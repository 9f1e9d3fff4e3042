using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>Clients whose connections leave from a chosen loopback address (127.0.0.2, ...), so the server sees another source.</summary>
public static class FromAddress
{
    /// <summary>An HTTP client of 127.0.0.1:<paramref name="port"/> connecting from <paramref name="from"/>.</summary>
    public static HttpClient Http(string from, int port) =>
        new(Handler(from, port)) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    /// <summary>An HTTPS client of 127.0.0.1:<paramref name="port"/> connecting from <paramref name="from"/>, trusting only <paramref name="trust"/>.</summary>
    public static HttpClient Https(string from, int port, X509Certificate2Collection trust, X509Certificate2? clientCertificate)
    {
        var handler = Handler(from, port);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = Tls.TrustOnly(trust),
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://localhost:{port}") };
    }

    private static SocketsHttpHandler Handler(string from, int port) => new()
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
