using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Server.Tests.Infrastructure;

/// <summary>TLS handshakes against a listener, checked with a custom trust store (no system roots).</summary>
public static class Tls
{
    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and returns the certificates the server presented
    /// (leaf first) once the chain built to one of <paramref name="trust"/>'s self-signed certificates.</summary>
    public static async Task<IReadOnlyList<X509Certificate2>> HandshakeAsync(int port, X509Certificate2Collection trust, X509Certificate2? clientCertificate = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var presented = new List<X509Certificate2>();
        string? failure = null;
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, cert, chain, _) =>
        {
            presented.Add(new X509Certificate2(cert!));
            presented.AddRange(chain!.ChainPolicy.ExtraStore.Cast<X509Certificate2>().Where(c => !c.Equals(cert)));
            using var verify = new X509Chain();
            verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            verify.ChainPolicy.CustomTrustStore.AddRange(trust.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)).ToArray());
            verify.ChainPolicy.ExtraStore.AddRange(trust);
            verify.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            var ok = verify.Build(new X509Certificate2(cert!));
            failure = ok ? null : string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation));
            return ok;
        });
        var options = new SslClientAuthenticationOptions { TargetHost = "localhost" };
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }
        try
        {
            await ssl.AuthenticateAsClientAsync(options);
        }
        catch (System.Security.Authentication.AuthenticationException e)
        {
            throw new InvalidOperationException($"TLS handshake failed: {failure ?? e.Message}", e);
        }
        return presented;
    }
}
