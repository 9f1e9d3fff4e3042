namespace Sztpd.Core.Configuration;

/// <summary>
/// A <c>transport/listen/endpoint</c>: what it is for (<c>use-for</c> identity), where it listens (no port: the start-up
/// default), and for HTTPS its server certificate and the truststore bag client certificates must chain to (if any).
/// </summary>
public sealed record ListenerEndpoint(string Name, string UseFor, string Address, int? Port, KeystoreReference? ServerIdentity, string? ClientTrustBag);
