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

    public static bool Builds(X509Certificate2 leaf, X509Certificate2Collection trust, X509Certificate2Collection? intermediates = null) =>
        Validate(leaf, trust, intermediates, acceptSha1: true) is null;

    /// <summary>
    /// Null when <paramref name="leaf"/> chains to a root of <paramref name="trust"/>, otherwise why not. Unless
    /// <paramref name="acceptSha1"/>, a certificate of the path signed with SHA-1 fails it (the root's own signature
    /// does not count: roots are trusted as configured).
    /// </summary>
    public static string? Validate(X509Certificate2 leaf, X509Certificate2Collection trust, X509Certificate2Collection? intermediates, bool acceptSha1)
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
        if (!chain.Build(leaf))
        {
            return "it does not chain to the trust anchors";
        }
        var sha1 = chain.ChainElements.Take(chain.ChainElements.Count - 1)
            .FirstOrDefault(e => Sha1Signatures.Contains(e.Certificate.SignatureAlgorithm.Value));
        return sha1 is null || acceptSha1 ? null : $"\"{sha1.Certificate.Subject}\" is signed with SHA-1";
    }
}
