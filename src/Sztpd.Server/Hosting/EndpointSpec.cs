using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Server.Hosting;

/// <summary>One listening endpoint of <c>transport/listen</c>, resolved against the keystore and truststore.</summary>
internal sealed record EndpointSpec(
    string Name,
    string UseFor,
    IPAddress Address,
    int Port,
    X509Certificate2? ServerCertificate,
    X509Certificate2Collection? ServerChain,
    X509Certificate2Collection? ClientTrust)
{
    /// <summary>The TLS versions offered (<see cref="SslProtocols.None"/>: the platform's defaults).</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.None;

    /// <summary>The cipher suites offered, most preferred first (empty: the platform's defaults).</summary>
    public IReadOnlyList<TlsCipherSuite> CipherSuites { get; init; } = [];

    public const string Native = "wn-app:native-interface";
    public const string Rfc8572 = "wn-sztpd-0:rfc8572-interface";
    public const string Tenant = "wn-app:tenant-interface";

    public bool IsHttps => ServerCertificate is not null;

    private SslStreamCertificateContext? _context;

    /// <summary>What a handshake presents: the server certificate with its chain, built at the first handshake (not when an edit is checked).</summary>
    public SslStreamCertificateContext? CertificateContext =>
        ServerCertificate is null ? null : _context ??= SslStreamCertificateContext.Create(ServerCertificate, ServerChain, offline: true);

    public IPEndPoint EndPoint => new(Address, Port);
}
