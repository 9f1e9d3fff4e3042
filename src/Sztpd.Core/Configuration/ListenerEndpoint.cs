namespace Sztpd.Core.Configuration;

/// <summary>
/// A <c>transport/listen/endpoint</c>: what it is for (<c>use-for</c> identity), where it listens (no port: the start-up
/// default), and for HTTPS its server certificate, the truststore bag client certificates must chain to (if any), and
/// the TLS versions and cipher suites it offers (<c>sztpd-ext:hello-params</c>; empty: the platform's defaults). Equality
/// is about what is bound and served: <see cref="ExternalEndpoint"/> only addresses links.
/// </summary>
public sealed record ListenerEndpoint(string Name, string UseFor, string Address, int? Port, KeystoreReference? ServerIdentity, string? ClientTrustBag)
{
    /// <summary><c>tls12</c>, <c>tls13</c>; empty: the platform's defaults.</summary>
    public IReadOnlyList<string> TlsVersions { get; init; } = [];

    /// <summary>IANA cipher suite names, most preferred first; empty: the platform's defaults.</summary>
    public IReadOnlyList<string> CipherSuites { get; init; } = [];

    /// <summary><c>sztpd-ext:external-endpoint</c>: the HTTPS address and port clients reach this endpoint at; links sent out use it.</summary>
    public (string Address, int Port)? ExternalEndpoint { get; init; }

    /// <summary>Equal when every member is, the lists item by item (a record compares lists by reference).</summary>
    public bool Equals(ListenerEndpoint? other) =>
        other is not null && (Name, UseFor, Address, Port, ServerIdentity, ClientTrustBag) == (other.Name, other.UseFor, other.Address, other.Port, other.ServerIdentity, other.ClientTrustBag)
        && TlsVersions.SequenceEqual(other.TlsVersions, StringComparer.Ordinal) && CipherSuites.SequenceEqual(other.CipherSuites, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, UseFor, Address, Port);
}
