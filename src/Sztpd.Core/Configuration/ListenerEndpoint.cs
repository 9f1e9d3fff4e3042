namespace Sztpd.Core.Configuration;

/// <summary>
/// A <c>transport/listen/endpoint</c>: what it is for (<c>use-for</c> identity), where it listens (no port: the start-up
/// default), and for HTTPS its server certificate, the truststore bag client certificates must chain to (if any), and
/// the TLS versions and cipher suites it offers (<c>sztpd-ext:hello-params</c>; empty: the platform's defaults).
/// </summary>
public sealed record ListenerEndpoint(string Name, string UseFor, string Address, int? Port, KeystoreReference? ServerIdentity, string? ClientTrustBag)
{
    /// <summary><c>tls12</c>, <c>tls13</c>; empty: the platform's defaults.</summary>
    public IReadOnlyList<string> TlsVersions { get; init; } = [];

    /// <summary>IANA cipher suite names, most preferred first; empty: the platform's defaults.</summary>
    public IReadOnlyList<string> CipherSuites { get; init; } = [];
}
