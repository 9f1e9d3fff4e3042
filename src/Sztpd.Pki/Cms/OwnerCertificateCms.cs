using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sztpd.Pki.Certificates;

namespace Sztpd.Pki.Cms;

/// <summary>
/// The owner certificate artifact of RFC 8572 §3.2: a degenerate (certs-only) SignedData holding the owner
/// certificate and the intermediate certificates leading to the ownership voucher's <c>pinned-domain-cert</c>
/// (which it may also hold).
/// </summary>
public static class OwnerCertificateCms
{
    /// <summary>Encodes the owner certificate followed by its intermediates (nearest issuer first).</summary>
    public static byte[] Encode(X509Certificate2 ownerCertificate, IEnumerable<X509Certificate2> intermediates)
    {
        ArgumentNullException.ThrowIfNull(ownerCertificate);
        ArgumentNullException.ThrowIfNull(intermediates);
        return CmsCertificates.CreateDegenerate([ownerCertificate, .. intermediates]);
    }

    /// <summary>Reads the owner certificate chain, owner certificate first, then its issuers upward.</summary>
    /// <exception cref="CryptographicException">The input is not an owner certificate artifact.</exception>
    public static IReadOnlyList<X509Certificate2> Decode(byte[] der) =>
        TryDecode(der, out var chain, out var error) ? chain : throw new CryptographicException(error);

    /// <summary>
    /// Reads the owner certificate chain (owner certificate first, then its issuers upward, in whatever order the
    /// CMS held them), or says in one sentence why it cannot: the owner certificate is the one certificate that
    /// issued no other, and every certificate must be on its chain.
    /// </summary>
    public static bool TryDecode(
        byte[] der,
        [NotNullWhen(true)] out IReadOnlyList<X509Certificate2>? chain,
        [NotNullWhen(false)] out string? error)
    {
        chain = null;
        if (!CmsCertificates.TryDecode(der, out var certificates, out var decodeError))
        {
            error = $"The owner certificate is not a CMS certificate bag ({decodeError}).";
            return false;
        }

        var remaining = certificates.ToList();
        var leaves = remaining.Where(c => !remaining.Any(o => o != c && IssuedBy(o, c))).ToList();
        if (leaves.Count != 1)
        {
            CertificateFacts.DisposeAll(certificates);
            error = leaves.Count == 0
                ? "The owner certificate CMS holds no certificates."
                : $"The owner certificate CMS holds {leaves.Count} end certificates, not one owner certificate and its issuers.";
            return false;
        }

        var ordered = new List<X509Certificate2> { leaves[0] };
        remaining.Remove(leaves[0]);
        while (remaining.FirstOrDefault(c => IssuedBy(ordered[^1], c)) is { } issuer)
        {
            ordered.Add(issuer);
            remaining.Remove(issuer);
        }

        if (remaining.Count > 0)
        {
            CertificateFacts.DisposeAll(certificates);
            error = "The owner certificate CMS holds certificates that are not on the owner certificate's chain.";
            return false;
        }

        chain = ordered;
        error = null;
        return true;
    }

    private static bool IssuedBy(X509Certificate2 subject, X509Certificate2 issuer) =>
        !CertificateFacts.IsSelfIssued(subject) && DistinguishedNames.Equal(subject.IssuerName, issuer.SubjectName);
}
