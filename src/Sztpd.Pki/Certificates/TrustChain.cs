using System.Security.Cryptography.X509Certificates;

namespace Sztpd.Pki.Certificates;

/// <summary>
/// Path validation against a configured set of certificates only (a truststore bag, a CA bundle): its
/// self-signed certificates are the roots, the others may serve as intermediates; no system roots, no
/// revocation check, no downloads.
/// </summary>
public static class TrustChain
{
    private static readonly string[] Sha1Signatures = ["1.2.840.113549.1.1.5", "1.2.840.10045.4.1", "1.2.840.10040.4.3"];

    /// <summary>
    /// The chain policy for a TLS handshake whose peer certificate this class judges afterwards: no system roots, no
    /// revocation check, no downloads. The chain the handshake builds then only carries the certificates the peer sent
    /// (its <c>ExtraStore</c>); by default the platform builds it against the system store and may fetch CRLs and issuers
    /// the peer's certificate names, for a verdict nobody reads.
    /// </summary>
    public static X509ChainPolicy HandshakePolicy() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        RevocationMode = X509RevocationMode.NoCheck,
        DisableCertificateDownloads = true,
    };

    public static bool Builds(X509Certificate2 leaf, X509Certificate2Collection trust, X509Certificate2Collection? intermediates = null) =>
        Builds(leaf, trust, intermediates, out _);

    /// <summary>
    /// Whether <paramref name="leaf"/> chains to a root of <paramref name="trust"/>; <paramref name="sha1Signed"/> names the
    /// first certificate of that path signed with SHA-1 (the root's own signature does not count: roots are trusted as
    /// configured), for callers that refuse such paths.
    /// </summary>
    public static bool Builds(X509Certificate2 leaf, X509Certificate2Collection trust, X509Certificate2Collection? intermediates, out string? sha1Signed)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(trust);
        sha1Signed = null;
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
        if (!chain.Build(leaf))
        {
            return false;
        }
        sha1Signed = chain.ChainElements.Take(chain.ChainElements.Count - 1)
            .FirstOrDefault(e => Sha1Signatures.Contains(e.Certificate.SignatureAlgorithm.Value))?.Certificate.Subject;
        return true;
    }
}
