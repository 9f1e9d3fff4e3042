using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Certificates;

/// <summary>
/// Path validation against a configured set of certificates only (a truststore bag, a CA bundle): its
/// self-signed certificates are the roots, the others may serve as intermediates; no system roots, no
/// revocation check, no downloads.
/// </summary>
public static class TrustChain
{
    public static bool Builds(X509Certificate2 leaf, X509Certificate2Collection trust, X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(trust);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)).ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(trust);
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }
        return chain.Build(leaf);
    }
}
