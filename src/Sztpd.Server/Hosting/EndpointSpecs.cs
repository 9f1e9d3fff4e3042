using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Sztpd.Core.Configuration;

namespace Sztpd.Server.Hosting;

/// <summary>The listening endpoints of a (validated) configuration, with their server certificates and client trust decoded.</summary>
internal static class EndpointSpecs
{
    /// <exception cref="InvalidOperationException">An endpoint's use-for is not served (the tenant interface only in <paramref name="modeX"/>), or its certificate cannot be used.</exception>
    public static List<EndpointSpec> From(RunningConfiguration config, int defaultPort, bool modeX) =>
        [.. config.Listeners.Select(e =>
        {
            if (e.UseFor is not (EndpointSpec.Native or EndpointSpec.Rfc8572) && !(modeX && e.UseFor == EndpointSpec.Tenant))
            {
                // Refused rather than served as something else (a tenant interface served the whole host API).
                throw new InvalidOperationException(e.UseFor == EndpointSpec.Tenant
                    ? $"endpoint \"{e.Name}\" has use-for \"{e.UseFor}\": the tenant interface is mode x's, and this database was initialized in mode 1."
                    : $"endpoint \"{e.Name}\" has use-for \"{e.UseFor}\", which this server does not serve.");
            }
            var (cert, chain) = e.ServerIdentity is { } identity ? KeystoreIdentity.WithKey(config.Keystore, identity) : (null, null);
            var trust = e.ServerIdentity is not null && e.ClientTrustBag is { } bag ? config.Truststore.Bag(bag) : null;
            return new EndpointSpec(e.Name, e.UseFor, IPAddress.Parse(e.Address), e.Port ?? defaultPort, cert, chain, trust)
            {
                Protocols = e.TlsVersions.Aggregate(SslProtocols.None, (all, v) => all | (v == "tls12" ? SslProtocols.Tls12 : SslProtocols.Tls13)),
                CipherSuites = [.. e.CipherSuites.Select(name => CipherSuite(e.Name, name))],
            };
        })];

    /// <summary>The cipher suite of an IANA name (as <see cref="TlsCipherSuite"/> spells them), on a platform that can be told which to offer.</summary>
    private static TlsCipherSuite CipherSuite(string endpoint, string name)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD())
        {
            throw new InvalidOperationException($"endpoint \"{endpoint}\" sets cipher suites, which this platform cannot be told (only Linux and FreeBSD).");
        }
        return name.StartsWith("TLS_", StringComparison.Ordinal) && Enum.TryParse<TlsCipherSuite>(name, ignoreCase: false, out var suite) && Enum.IsDefined(suite)
            ? suite
            : throw new InvalidOperationException($"endpoint \"{endpoint}\" names the cipher suite \"{name}\", which is not an IANA TLS cipher suite name this platform knows.");
    }

}
