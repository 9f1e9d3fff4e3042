using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Certificates;

namespace Sztpd.Server.Outbound;

/// <summary>How sztpd checks the server it connects to (a webhook, the SMTP server): the one rule for both.</summary>
internal static class ServerCertificate
{
    /// <summary>
    /// The server's certificate must name the host; then, with a truststore bag, it must chain to the bag (the
    /// intermediates it sent help), or with <paramref name="pinned"/> be one of the bag's certificates; with no bag, the
    /// system's trust roots decide.
    /// </summary>
    public static bool Trusted(X509Certificate2Collection? trusted, bool pinned, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 leaf || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }
        if (trusted is null)
        {
            return errors == SslPolicyErrors.None;
        }
        if (pinned)
        {
            return trusted.Any(c => c.RawData.AsSpan().SequenceEqual(leaf.RawData));
        }
        var presented = new X509Certificate2Collection();
        foreach (var element in chain?.ChainElements.Skip(1) ?? [])
        {
            presented.Add(element.Certificate);
        }
        presented.AddRange(chain?.ChainPolicy.ExtraStore ?? []);
        return TrustChain.Builds(leaf, trusted, presented);
    }
}
