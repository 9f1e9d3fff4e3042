using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Certificates;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>TLS clients that check the server against a custom trust store (no system roots).</summary>
public static class Tls
{
    /// <summary>Accepts a server whose certificate (with the chain it sent) builds to <paramref name="trust"/>.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2Collection trust) => (_, cert, chain, _) =>
        cert is not null && TrustChain.Builds(new X509Certificate2(cert), trust, chain!.ChainPolicy.ExtraStore);

    /// <summary>An HTTPS client for <paramref name="host"/>:<paramref name="port"/> (loopback as localhost by default) that trusts only <paramref name="trust"/> and presents <paramref name="clientCertificate"/>.</summary>
    public static HttpClient HttpsClient(int port, X509Certificate2Collection trust, X509Certificate2? clientCertificate, string host = "localhost")
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                RemoteCertificateValidationCallback = TrustOnly(trust),
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{host}:{port}") };
    }

    /// <summary>
    /// Accepts a server whose certificate chains to <paramref name="root"/> at <paramref name="time"/>'s now: for
    /// certificates issued on sztpd's fake clock, which runs ahead of the real one.
    /// </summary>
    public static RemoteCertificateValidationCallback TrustOnlyAt(X509Certificate2 root, TimeProvider time) => (_, cert, _, _) =>
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        return cert is not null && chain.Build(new X509Certificate2(cert));
    };

    /// <summary>
    /// Connects to 127.0.0.1:<paramref name="port"/> and returns the certificates the server presented (leaf first), once
    /// they built to <paramref name="trust"/> (or passed <paramref name="check"/>).
    /// </summary>
    public static async Task<IReadOnlyList<X509Certificate2>> HandshakeAsync(int port, X509Certificate2Collection trust, X509Certificate2? clientCertificate = null,
        RemoteCertificateValidationCallback? check = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var presented = new List<X509Certificate2>();
        check ??= TrustOnly(trust);
        await using var ssl = new SslStream(tcp.GetStream(), false, (sender, cert, chain, errors) =>
        {
            presented.Add(new X509Certificate2(cert!));
            presented.AddRange(chain!.ChainPolicy.ExtraStore.Cast<X509Certificate2>().Where(c => !c.Equals(cert)));
            return check(sender, cert, chain, errors);
        });
        var options = new SslClientAuthenticationOptions { TargetHost = "localhost" };
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }
        await ssl.AuthenticateAsClientAsync(options);
        return presented;
    }
}
